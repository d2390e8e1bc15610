/**
 * `bps cancel` of a run whose driver runs inside an allocation (executor: allocation), from any host
 * (docs/SLURM.md, "Cancel"): nothing new may start (the queued allocations go first), the driver stops the
 * run as cancelled (it sees the cancel request within a second; on this host it is also signalled), the
 * run's allocations still in Slurm are cancelled, and what no driver recorded is recorded here: the jobs
 * in flight DELETED, the run DELETED.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { StateError } from '../errors.js';
import type { BatchDriver } from '../executors/plugin.js';
import { JobState, type JobStateName } from '../model/job-state.js';
import { isLocalHost } from '../process/host.js';
import { readDriverLock, type DriverLockInfo } from '../state/index.js';
import { requestCancel, type CancelResult } from './cancel-request.js';
import type { AppContext } from './context.js';
import { batchDriverContext, type RunSite } from './executor-for-run.js';
import { publisherAlive, readPublishedStatus } from './published-status.js';
import { liveDriver } from './remote-lock.js';
import { openRun } from './run-lookup.js';

const DRIVER_WAIT_MS = 60_000;
const SLURM_WAIT_MS = 60_000;

/** `bps cancel` of a run on a site with a batch driver (see the module comment); from any host. */
export async function cancelBatchRun(submitDir: string, run: { readonly id: string; readonly name: string }, site: RunSite, ctx: AppContext): Promise<CancelResult> {
  const batch = site.plugin.batchDriver as BatchDriver<unknown>;
  const bctx = batchDriverContext({ id: run.id, submitDir }, site, ctx);
  const allocations = await batch.list(site.settings, bctx);
  const before = recordedState(submitDir);
  // An ended run with nothing queued or driving it: cancelling changes nothing, and says so.
  if (ENDED_STATES.has(before) && allocations.length === 0 && !(await liveDriver(submitDir, ctx))) {
    return { run: run.name, stoppedJobs: 0, viaDriver: false, state: before, alreadyEnded: true };
  }
  requestCancel(submitDir, ctx.now());
  const queued = allocations.filter((a) => a.state === 'queued');
  await batch.cancel(site.settings, bctx, queued.map((a) => a.id));
  const holder = await liveDriver(submitDir, ctx);
  if (holder && isLocalHost(holder.host, ctx.env)) {
    try {
      process.kill(holder.pid, 'SIGTERM');
    } catch {
      /* it has just ended */
    }
  }
  const viaDriver = holder !== undefined && (await waitFor(() => driverEnded(submitDir, holder, ctx), DRIVER_WAIT_MS));
  if (holder && !viaDriver) {
    ctx.logger.warn(`The driver (pid ${holder.pid} on ${holder.host}) did not stop within ${DRIVER_WAIT_MS / 1000} s: cancelling its allocation`);
  }
  const left = await batch.list(site.settings, bctx);
  await batch.cancel(site.settings, bctx, left.map((a) => a.id));
  const gone = await waitFor(async () => (await batch.list(site.settings, bctx)).length === 0, SLURM_WAIT_MS);
  const strays = await batch.cancelSteps(site.settings, bctx);
  if (strays > 0) ctx.logger.info(`Cancelled ${strays} job step(s) of the run that no driver watched`);
  if (!gone && holder && !viaDriver) throw new StateError(`The driver of run '${run.name}' (pid ${holder.pid} on ${holder.host}) and its allocation did not stop within two minutes.`, { hint: 'Check squeue, then run bps cancel once more.' });
  const stoppedJobs = recordCancelled(submitDir);
  return { run: run.name, stoppedJobs, viaDriver, state: recordedState(submitDir), alreadyEnded: false };
}

/** Run states after which a cancel has nothing to stop. */
const ENDED_STATES: ReadonlySet<JobStateName> = new Set(['SUCCEEDED', 'FAILED', 'DELETED']);

function recordedState(submitDir: string): JobStateName {
  const db = openRun(submitDir, { readonly: true });
  try {
    return db.runInfo().state;
  } finally {
    db.close();
  }
}

/** Whether the driver that held the lock has ended: lock released or dead, or (on another host) it said so, fell silent, or its allocation ended. */
async function driverEnded(submitDir: string, holder: DriverLockInfo, ctx: AppContext): Promise<boolean> {
  const lock = readDriverLock(submitDir);
  if (!lock || lock.pid !== holder.pid || lock.host !== holder.host) return true;
  if (isLocalHost(lock.host, ctx.env)) return (await liveDriver(submitDir, ctx)) === undefined;
  const published = readPublishedStatus(submitDir);
  if (published && published.pid === lock.pid && !publisherAlive(published, Date.now())) return true;
  return (await liveDriver(submitDir, ctx)) === undefined;
}

async function waitFor(done: () => Promise<boolean>, limitMs: number): Promise<boolean> {
  for (const end = Date.now() + limitMs; ; await sleep(1000)) {
    if (await done()) return true;
    if (Date.now() >= end) return false;
  }
}

/** Records what no driver did: jobs left in flight DELETED, the run DELETED. Returns how many jobs. */
function recordCancelled(submitDir: string): number {
  const db = openRun(submitDir);
  try {
    const inFlight = db.inFlightJobs();
    const at = Date.now();
    if (inFlight.length > 0) db.applyRound({ transitions: inFlight.map((h) => ({ job: h.jobId - 1, state: JobState.DELETED, handle: null, reason: 'cancelled by bps cancel', at })) });
    // A run that ended (every job done) as the cancel arrived keeps the state its driver recorded.
    const state = db.runInfo().state;
    if (inFlight.length > 0 || !ENDED_STATES.has(state)) db.setRunState('DELETED');
    return inFlight.length;
  } finally {
    db.close();
  }
}
