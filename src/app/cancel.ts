import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StateError } from '../errors.js';
import { JobState, type JobStateName } from '../model/job-state.js';
import { isLocalHost } from '../process/host.js';
import { isDriverAlive, readDriverLock, SNAPSHOT_FILE } from '../state/index.js';
import { cancelBatchRun } from './cancel-batch.js';
import { requestCancel, type CancelResult } from './cancel-request.js';
import type { AppContext } from './context.js';
import { executorForRun, runSite } from './executor-for-run.js';
import { findRunDir, openRun, remoteDriverLock } from './run-lookup.js';

export type { CancelResult } from './cancel-request.js';

/** Run states a run without a driver keeps when cancelled: it has ended, and cancelling changes nothing. */
const ENDED: ReadonlySet<JobStateName> = new Set(['SUCCEEDED', 'FAILED', 'DELETED']);

/**
 * `bps cancel RUN`: stops the driver and every running job; the jobs are recorded as DELETED. With a live
 * driver it asks it (a cancel.request file, then SIGTERM) and waits for it to record everything; with
 * none, it stops the jobs an earlier driver left running itself.
 */
export async function cancelRun(runQuery: string, ctx: AppContext): Promise<CancelResult> {
  const submitDir = findRunDir(runQuery, ctx);
  const holder = remoteDriverLock(submitDir);
  // A driver on another host that publishes nothing (not in a Slurm job): its state cannot be read from here.
  if (holder && !existsSync(join(submitDir, SNAPSHOT_FILE))) throw new StateError(`Run '${runQuery}' is driven from host ${holder.host}; cancel it there.`);
  const { run, site } = (() => {
    const db = openRun(submitDir, { readonly: true });
    try {
      return { run: db.runInfo(), site: runSite(db) };
    } finally {
      db.close();
    }
  })();
  // Its driver runs in an allocation, maybe on another host: cancelled through Slurm and the request file.
  if (site.plugin.batchDriver) return cancelBatchRun(submitDir, run, site, ctx);
  const lock = readDriverLock(submitDir);
  if (lock && isDriverAlive(lock)) {
    if (!isLocalHost(lock.host, ctx.env)) throw new StateError(`Run '${runQuery}' is driven from host ${lock.host}; cancel it there.`);
    requestCancel(submitDir, ctx.now());
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
