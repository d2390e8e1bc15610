/**
 * The run's driver lock, `<submit>/driver.pid`: at most one driver per run. Its first line is the bare
 * pid (so `kill $(head -1 driver.pid)` works), its second the whole record as JSON: pid, host, the
 * process's start time (to tell a reused pid apart), when it started, and the Slurm job it runs in.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StateError } from '../errors.js';
import { isLocalHost, localHostName } from '../process/host.js';
import { isProcessAlive, processStartTicks } from '../process/proc-stat.js';

/** The content of `<submit>/driver.pid`. */
export interface DriverLockInfo {
  readonly pid: number;
  readonly host: string;
  /** Process start time in clock ticks since boot (/proc/<pid>/stat field 22): tells a reused pid apart. */
  readonly startTicks: number | null;
  readonly startedAt: string;
  /** The Slurm job (allocation) the driver runs in, when it runs in one: a lock on another host is judged by it. */
  readonly slurmJobId?: string;
}

export const DRIVER_LOCK_FILE = 'driver.pid';

/** Reads the lock file of a run folder, or null when there is none (or it is unreadable). */
export function readDriverLock(submitDir: string): DriverLockInfo | null {
  try {
    const lines = readFileSync(join(submitDir, DRIVER_LOCK_FILE), 'utf8').split('\n');
    // Locks written before the bare-pid line held the JSON record alone.
    const record = lines[0]?.trim().startsWith('{') ? lines[0] : lines[1];
    return JSON.parse(record ?? '') as DriverLockInfo;
  } catch {
    return null;
  }
}

/**
 * Whether the driver named by a lock is alive. On this host: its pid runs (not a zombie) with the same
 * start time. On another host we cannot tell, so we say it is (refusing a second driver is the safe side).
 */
export function isDriverAlive(info: DriverLockInfo | null): boolean {
  if (!info) return false;
  if (!isLocalHost(info.host)) return true;
  return isProcessAlive(info.pid, info.startTicks);
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

/** How a lock is taken. */
export interface LockOptions {
  /** The Slurm job this driver runs in, recorded in the lock. */
  readonly slurmJobId?: string;
  /**
   * What the caller knows about a holder on another host, where a pid cannot be checked (its allocation
   * ended, as Slurm says): true takes its lock over. Without it such a lock counts as alive.
   */
  readonly holderDead?: (holder: DriverLockInfo) => boolean;
}

/**
 * Takes the run's driver lock: `driver.pid` created exclusively with our pid, host and start time.
 * A lock left by a dead driver is taken over; a live one is refused, so two drivers never run one run.
 * @returns a function that releases the lock.
 */
export function acquireDriverLock(submitDir: string, runName: string, options: LockOptions = {}): () => void {
  const path = join(submitDir, DRIVER_LOCK_FILE);
  const info: DriverLockInfo = {
    pid: process.pid, host: localHostName(), startTicks: processStartTicks(process.pid), startedAt: new Date().toISOString(),
    ...(options.slurmJobId === undefined ? {} : { slurmJobId: options.slurmJobId }),
  };
  for (let tries = 0; tries < 3; tries += 1) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      writeSync(fd, `${info.pid}\n${JSON.stringify(info)}\n`);
      closeSync(fd);
      return () => releaseDriverLock(submitDir, info);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StateError(`Cannot create the driver lock ${path}: ${(error as Error).message}`, { cause: error });
      }
    }
    const holder = readDriverLock(submitDir);
    if (holder && isDriverAlive(holder) && !(options.holderDead?.(holder) ?? false)) throw alreadyDriven(runName, holder);
    try {
      unlinkSync(path); // a stale lock from a driver that died
    } catch {
      /* someone else removed it first; try again */
    }
  }
  throw new StateError(`Could not take the driver lock ${path}: another process keeps taking it.`);
}

function releaseDriverLock(submitDir: string, ours: DriverLockInfo): void {
  const current = readDriverLock(submitDir);
  if (current?.pid !== ours.pid || current.host !== ours.host) return;
  try {
    unlinkSync(join(submitDir, DRIVER_LOCK_FILE));
  } catch {
    /* already gone */
  }
}
