/**
 * `bps submit` / `bps restart` from outside an allocation, for a site whose driver runs inside one
 * (executor: allocation; docs/SLURM.md, "From a login node"): queue an allocation whose batch script runs
 * the run's driver, then return (`--detach`) or follow the run from what its driver publishes until it
 * ends. Nothing here drives the run: Ctrl-C stops following, not the run.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { BpsError, InterruptedError, StateError } from '../errors.js';
import type { BatchDriver, DriverAllocation } from '../executors/plugin.js';
import type { RunObserver } from '../report/run-observer.js';
import type { StatusReport } from '../report/status.js';
import type { RunRecord } from '../state/index.js';
import { driverCommand } from './allocation-chain.js';
import type { AppContext } from './context.js';
import type { DriveSessionResult } from './session-result.js';
import { batchDriverContext, type RunSite } from './executor-for-run.js';
import { FollowedFailures } from './followed-failures.js';
import { liveDriver } from './remote-lock.js';
import { readStatusReport } from './status.js';

const FOLLOW_EVERY_MS = 2_000;
/** Slurm is asked about the run's allocations every fifth look only: squeue is not free on a busy system. */
const SLURM_EVERY = 5;
const FINAL_STATES = new Set(['SUCCEEDED', 'FAILED', 'DELETED']);

/** What `bps submit` / `bps restart` asked for, as far as a queued allocation is concerned. */
export interface BatchSessionRequest {
  readonly detach: boolean;
  readonly observer: RunObserver;
  readonly retryFailed?: boolean;
}

/**
 * Queues the run's allocation (refused when one is queued or running already), then follows or returns.
 * The run's state file is not kept open: the driver will write it from another host.
 */
export async function batchDriverSession(run: RunRecord, site: RunSite, request: BatchSessionRequest, ctx: AppContext): Promise<DriveSessionResult> {
  const batch = site.plugin.batchDriver as BatchDriver<unknown>;
  const bctx = batchDriverContext(run, site, ctx);
  const existing = await batch.list(site.settings, bctx);
  if (existing.length > 0) {
    throw new StateError(`Run '${run.name}' already has allocation ${existing.map(describe).join(', ')} in Slurm.`, {
      hint: `Follow it with 'bps status ${run.name} --watch', or stop it with 'bps cancel ${run.name}'.`,
    });
  }
  const holder = await liveDriver(run.submitDir, ctx);
  if (holder) throw new StateError(`Run '${run.name}' is already being driven by pid ${holder.pid} on host ${holder.host}.`, { hint: `Watch it with 'bps status ${run.name} --watch'.` });
  const id = await batch.queue(site.settings, bctx, { command: driverCommand(run.submitDir, { retryFailed: request.retryFailed ?? false }), cwd: ctx.cwd });
  ctx.logger.info(`Queued allocation ${id} on compute site '${site.name}' to drive run '${run.name}'; its driver's output goes to ${run.submitDir}/logging/allocation.${id}.out`);
  if (request.detach) return { kind: 'detached', allocation: id };
  const report = await follow(run.submitDir, () => batch.list(site.settings, bctx), request.observer);
  // Whatever is still queued would only start a driver with nothing to do.
  const leftover = (await batch.list(site.settings, bctx)).filter((a) => a.state === 'queued');
  if (leftover.length > 0) await batch.cancel(site.settings, bctx, leftover.map((a) => a.id));
  request.observer.finished?.(report);
  const result = report.run.state === 'DELETED' ? { kind: 'stopped' as const, mode: 'cancel' as const } : { kind: 'finished' as const };
  return { kind: 'followed', result, report, exitCode: report.totals.succeeded === report.totals.total ? 0 : 1 };
}

function describe(a: DriverAllocation): string {
  return `${a.id} (${a.state}${a.reason ? `, ${a.reason}` : ''})`;
}

/**
 * Reads the run's status every 2 s (published by its driver when that runs on another host) and shows it,
 * with a line for each job that failed for good, until the run has ended: a final state and no driver. A
 * run left RUNNING with no driver and no allocation in Slurm has stalled: that ends the follow with an
 * error saying how to resume.
 */
async function follow(submitDir: string, allocations: () => Promise<DriverAllocation[]>, observer: RunObserver): Promise<StatusReport> {
  const interrupted = new AbortController();
  const stop = () => interrupted.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    let inSlurm: DriverAllocation[] = [{ id: '', state: 'queued', reason: '' }];
    let emptyLooks = 0;
    const failures = new FollowedFailures(submitDir, observer);
    for (let look = 0; ; look += 1) {
      if (look % SLURM_EVERY === 0) inSlurm = await allocations().catch(() => inSlurm); // Slurm busy: keep the last answer
      const report = readStatusReport(submitDir);
      failures.look(report);
      observer.round?.(() => report);
      if (!report.run.driverAlive && FINAL_STATES.has(report.run.state)) return report;
      emptyLooks = inSlurm.length === 0 && !report.run.driverAlive ? emptyLooks + 1 : 0;
      if (emptyLooks > SLURM_EVERY) {
        throw new BpsError(`Run '${report.run.name}' has stopped (${report.run.state}): no driver runs it and no allocation of it is left in Slurm.`, {
          hint: `See the allocation logs in ${submitDir}/logging/allocation.*.out; resume with 'bps restart ${report.run.name}'.`,
        });
      }
      await sleep(FOLLOW_EVERY_MS, undefined, { signal: interrupted.signal }).catch(() => undefined);
      if (interrupted.signal.aborted) {
        throw new InterruptedError(`Stopped following run '${report.run.name}'; it goes on in Slurm.`, { hint: `Follow it again with 'bps status ${report.run.name} --watch', or stop it with 'bps cancel ${report.run.name}'.` });
      }
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
