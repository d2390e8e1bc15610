import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StateError } from '../errors.js';

/** The content of `<submit>/driver.pid`. */
export interface DriverLockInfo {
  readonly pid: number;
  readonly host: string;
  /** Process start time in clock ticks since boot (/proc/<pid>/stat field 22): tells a reused pid apart. */
  readonly startTicks: number | null;
  readonly startedAt: string;
}

export const DRIVER_LOCK_FILE = 'driver.pid';

/** Reads a process's start time from /proc; null when the process does not exist (or no /proc). */
export function processStartTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]);
  } catch {
    return null;
  }
}

/** Reads the lock file of a run folder, or null when there is none (or it is unreadable). */
export function readDriverLock(submitDir: string): DriverLockInfo | null {
  try {
    return JSON.parse(readFileSync(join(submitDir, DRIVER_LOCK_FILE), 'utf8')) as DriverLockInfo;
  } catch {
    return null;
  }
}

/**
 * Whether the driver named by a lock is alive. On this host: its pid exists with the same start time.
 * On another host we cannot tell, so we say it is (refusing a second driver is the safe side).
 */
export function isDriverAlive(info: DriverLockInfo | null): boolean {
  if (!info) return false;
  if (info.host !== hostname()) return true;
  const ticks = processStartTicks(info.pid);
  return ticks !== null && (info.startTicks === null || ticks === info.startTicks);
}

/** Refuses early (before printing or spawning anything) when a live driver holds the run. */
export function assertNoLiveDriver(submitDir: string, runName: string): void {
  const holder = readDriverLock(submitDir);
  if (holder && isDriverAlive(holder)) throw alreadyDriven(runName, holder);
}

function alreadyDriven(runName: string, holder: DriverLockInfo): StateError {
  return new StateError(`Run '${runName}' is already being driven by pid ${holder.pid} on host ${holder.host} (since ${holder.startedAt}).`, {
    hint: `Watch it with 'bps status ${runName}', or stop it with 'bps cancel ${runName}'.`,
  });
}

/**
 * Takes the run's driver lock: `driver.pid` created exclusively with our pid, host and start time.
 * A lock left by a dead driver is taken over; a live one is refused, so two drivers never run one run.
 * @returns a function that releases the lock.
 */
export function acquireDriverLock(submitDir: string, runName: string): () => void {
  const path = join(submitDir, DRIVER_LOCK_FILE);
  const info: DriverLockInfo = { pid: process.pid, host: hostname(), startTicks: processStartTicks(process.pid), startedAt: new Date().toISOString() };
  for (let tries = 0; tries < 3; tries += 1) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      writeSync(fd, `${JSON.stringify(info)}\n`);
      closeSync(fd);
      return () => releaseDriverLock(path, info);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StateError(`Cannot create the driver lock ${path}: ${(error as Error).message}`, { cause: error });
      }
    }
    const holder = readDriverLock(submitDir);
    if (holder && isDriverAlive(holder)) throw alreadyDriven(runName, holder);
    try {
      unlinkSync(path); // a stale lock from a driver that died
    } catch {
      /* someone else removed it first; try again */
    }
  }
  throw new StateError(`Could not take the driver lock ${path}: another process keeps taking it.`);
}

function releaseDriverLock(path: string, ours: DriverLockInfo): void {
  try {
    const current = JSON.parse(readFileSync(path, 'utf8')) as DriverLockInfo;
    if (current.pid === ours.pid && current.host === ours.host) unlinkSync(path);
  } catch {
    /* already gone */
  }
}
