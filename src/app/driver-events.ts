/**
 * The run-level events a driver logs about itself: when it starts (and which driver died before it, leaving
 * its record behind) and how it ends. `bps explain` tells a waiting or adopted job's story with them: which
 * driver adopted it after which one died, which allocation was handed back (exit 75) while it waited.
 */
import type { Logger } from '../log/logger.js';
import type { PreviousDriver } from '../scheduler/driver.js';
import type { DriverResult } from '../scheduler/driver.js';
import type { DriverInfo, DriverLockInfo, RunDatabase } from '../state/index.js';

/** This driver, as its events name it. */
export interface DriverIdentity {
  readonly pid: number;
  readonly host: string;
  readonly slurmJobId?: string;
}

/**
 * The driver before this one, if it died: its record in the state file (cleared by every driver that ends,
 * however it ends) or its lock file, read before this driver took the lock; the lock adds its Slurm job.
 */
export function previousDriver(record: DriverInfo | null, staleLock: DriverLockInfo | null): PreviousDriver | undefined {
  const slurm = (pid: number) => (staleLock?.pid === pid && staleLock.slurmJobId !== undefined ? { slurmJobId: staleLock.slurmJobId } : {});
  if (record) return { pid: record.pid, host: record.host, startedAt: record.startedAt, ...slurm(record.pid) };
  if (staleLock) return { pid: staleLock.pid, host: staleLock.host, startedAt: staleLock.startedAt, ...slurm(staleLock.pid) };
  return undefined;
}

/** Logs `driver-started`, with the driver that died before it when one did. */
export function logDriverStarted(db: RunDatabase, me: DriverIdentity, previous: PreviousDriver | undefined): void {
  const detail = { ...me, ...(previous === undefined ? {} : { previous }) };
  db.applyRound({ transitions: [], events: [{ type: 'driver-started', at: Date.now(), detail }] });
}

/** How a drive ended, as `driver-ended` logs it. */
export type DriverEnding = 'finished' | 'interrupted' | 'cancelled' | 'handed-back' | 'error';

export function endingOf(result: DriverResult | undefined): DriverEnding {
  if (result === undefined) return 'error';
  if (result.kind === 'finished') return 'finished';
  return result.mode === 'cancel' ? 'cancelled' : result.mode === 'yield' ? 'handed-back' : 'interrupted';
}

/** Logs `driver-ended`; never throws: the error that ended the drive (a full disk) matters more. */
export function logDriverEnded(db: RunDatabase, me: DriverIdentity, how: DriverEnding, logger: Logger): void {
  try {
    db.applyRound({ transitions: [], events: [{ type: 'driver-ended', at: Date.now(), detail: { ...me, how } }] });
  } catch (error) {
    logger.debug(`could not log the driver's end: ${(error as Error).message}`);
  }
}
