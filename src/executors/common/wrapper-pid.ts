/**
 * The launcher's per-attempt pid file, `logging/<job>.<attempt>.pid` (`<pid> <startTicks>`), and how an
 * executor that started jobs through the launcher (launcher.ts) tells, after a restart, whether a wrapper
 * still runs: its pid alive with the same start time, so a reused pid is never taken for the job.
 */
import { readFileSync } from 'node:fs';
import { isProcessAlive } from '../../process/proc-stat.js';

/** The pid file next to an attempt's exit file. */
export function pidFileOf(exitPath: string): string {
  return exitPath.replace(/\.exit$/, '.pid');
}

/** A wrapper as its pid file names it. */
export interface WrapperPid {
  readonly pid: number;
  /** Clock ticks since boot when it started; undefined when the file did not say. */
  readonly startTicks: number | undefined;
}

/** Reads a pid file written by the launcher; undefined when it is missing or unreadable. */
export function readWrapperPid(pidPath: string): WrapperPid | undefined {
  try {
    const [pid, ticks] = readFileSync(pidPath, 'utf8').trim().split(' ').map(Number);
    if (pid === undefined || !Number.isInteger(pid) || pid <= 0) return undefined;
    return { pid, startTicks: ticks === undefined || Number.isNaN(ticks) ? undefined : ticks };
  } catch {
    return undefined;
  }
}

/** The start ticks kept as text in a handle's detail (undefined when absent or not a number). */
export function ticksFromText(text: string | undefined): number | undefined {
  const ticks = text === undefined || text === '' ? NaN : Number(text);
  return Number.isNaN(ticks) ? undefined : ticks;
}

/** Whether the wrapper with this pid (and start time, when known) still runs on this host. */
export function wrapperAlive(wrapper: WrapperPid): boolean {
  return isProcessAlive(wrapper.pid, wrapper.startTicks);
}
