/**
 * What /proc says about a process: its start time (to tell a reused pid apart) and whether it still
 * runs. The one reader of /proc/<pid>/stat for the driver lock and the local executor.
 */
import { readFileSync } from 'node:fs';

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses), or undefined. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Start time of a process in clock ticks since boot (field 22), or null when it does not exist (or no /proc). */
export function processStartTicks(pid: number): number | null {
  const fields = statFields(pid);
  return fields === undefined ? null : Number(fields[19]);
}

/**
 * Whether `pid` runs and, when `startTicks` is given, is the same process that started then. A zombie
 * counts as gone: it has ended, only its parent has not reaped it (a SIGKILLed driver under PID 1
 * stays a zombie for a moment).
 */
export function isProcessAlive(pid: number, startTicks?: number | null): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const fields = statFields(pid);
  if (fields === undefined || fields[0] === 'Z' || fields[0] === 'X') return false;
  return startTicks === undefined || startTicks === null || Number(fields[19]) === startTicks;
}
