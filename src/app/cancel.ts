import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StateError } from '../errors.js';
import { JobState, type JobStateName } from '../model/job-state.js';
import { isDriverAlive, readDriverLock } from '../state/index.js';
import type { AppContext } from './context.js';
import { CANCEL_REQUEST_FILE } from './drive.js';
import { executorForRun } from './executor-for-run.js';
import { findRunDir, openRun } from './run-lookup.js';

export interface CancelResult {
  readonly run: string;
  /** Jobs stopped by this command itself; undefined when the live driver stopped them. */
  readonly stoppedJobs: number | undefined;
  readonly viaDriver: boolean;
  /** The run's state afterwards, as every view reads it (DELETED, or how it ended before the cancel). */
  readonly state: JobStateName;
  /** The run had already ended and nothing was left to cancel: its state is unchanged. */
  readonly alreadyEnded: boolean;
}

/** Run states a run without a driver keeps when cancelled: it has ended, and cancelling changes nothing. */
const ENDED: ReadonlySet<JobStateName> = new Set(['SUCCEEDED', 'FAILED', 'DELETED']);

/**
 * `bps cancel RUN`: stops the driver and every running job; the jobs are recorded as DELETED. With a live
 * driver it asks it (a cancel.request file, then SIGTERM) and waits for it to record everything; with
 * none, it stops the jobs an earlier driver left running itself.
 */
export async function cancelRun(runQuery: string, ctx: AppContext): Promise<CancelResult> {
  const submitDir = findRunDir(runQuery, ctx);
  const lock = readDriverLock(submitDir);
  if (lock && isDriverAlive(lock)) {
    if (lock.host !== hostname()) throw new StateError(`Run '${runQuery}' is driven from host ${lock.host}; cancel it there.`);
    writeFileSync(join(submitDir, CANCEL_REQUEST_FILE), `${new Date().toISOString()}\n`);
    process.kill(lock.pid, 'SIGTERM');
    for (let waited = 0; waited < 60_000 && isDriverAlive(readDriverLock(submitDir)); waited += 100) await sleep(100);
    if (isDriverAlive(readDriverLock(submitDir))) throw new StateError(`The driver (pid ${lock.pid}) did not stop within 60 s.`, { hint: 'Try again, or kill it and run bps cancel once more.' });
    const db = openRun(submitDir, { readonly: true });
    try {
      const run = db.runInfo();
      return { run: run.name, stoppedJobs: undefined, viaDriver: true, state: run.state, alreadyEnded: false };
    } finally {
      db.close();
    }
  }
  return cancelWithoutDriver(submitDir, ctx);
}

async function cancelWithoutDriver(submitDir: string, ctx: AppContext): Promise<CancelResult> {
  const db = openRun(submitDir);
  let executor;
  try {
    const before = db.runInfo();
    const handles = db.inFlightJobs();
    if (handles.length === 0 && ENDED.has(before.state)) return { run: before.name, stoppedJobs: 0, viaDriver: false, state: before.state, alreadyEnded: true };
    executor = await executorForRun(db, ctx);
    const adopted = await executor.adopt(handles);
    const alive = adopted.filter((r) => r.status === 'alive').map((r) => r.handle);
    if (alive.length > 0) await executor.cancel(alive);
    const at = Date.now();
    db.applyRound({ transitions: handles.map((h) => ({ job: h.jobId - 1, state: JobState.DELETED, handle: null, reason: 'cancelled by bps cancel', at })) });
    db.setRunState('DELETED');
    return { run: before.name, stoppedJobs: alive.length, viaDriver: false, state: 'DELETED', alreadyEnded: false };
  } finally {
    await executor?.close();
    db.close();
  }
}
