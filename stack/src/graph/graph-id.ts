/**
 * A BuildId as pipe_base makes it, `f"{time.time()}-{os.getpid()}"`: epoch seconds as a float, then the
 * pid, e.g. `1692273279.8385663-1031`.
 */
export function makeGraphId(): string {
  const seconds = (performance.timeOrigin + performance.now()) / 1000;
  return `${seconds}-${process.pid}`;
}
