/**
 * An executor's "something happened" signal for the scheduler's waitForActivity: a wait that ends after
 * a timeout, or at once when the executor says a job's state changed (a helper reported an exit).
 */
export class Activity {
  private wake: (() => void) | undefined;

  /** Ends a pending wait, if any. */
  signal(): void {
    this.wake?.();
  }

  /** Resolves after `timeoutMs`, or as soon as {@link signal} is called. */
  wait(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.wake = done;
    });
  }
}
