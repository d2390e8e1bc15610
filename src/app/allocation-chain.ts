/**
 * The chain of a run's allocations (docs/SLURM.md, "From a login node"): one allocation drives the run at a
 * time and the next is already queued behind it (same job name, `--dependency=singleton`, as
 * ctrl_bps_parsl's Slurm sites do), so queue wait overlaps work. The driver in one of those allocations
 * queues the next when it starts with work left, and cancels it when nothing is left for it: the run
 * finished or was cancelled, or this allocation could start none of the ready jobs (a next one of the same
 * size would not either: the chain stops rather than loop).
 */
import { join } from 'node:path';
import type { BatchDriver, BatchDriverContext } from '../executors/plugin.js';
import { packageRoot } from '../paths.js';
import type { RunDatabase } from '../state/index.js';
import type { AppContext } from './context.js';
import type { DriverChain } from './drive.js';
import { batchDriverContext, type RunSite } from './executor-for-run.js';

/** The argv of a run's driver in an allocation: this bps-ts, by absolute paths, restarting the run. */
export function driverCommand(submitDir: string, options: { retryFailed?: boolean } = {}): string[] {
  return [process.execPath, join(packageRoot(), 'bin', 'bps'), 'restart', submitDir, '--quiet', ...(options.retryFailed ? ['--retry-failed'] : [])];
}

/** The chain hooks of a driver running in one of the run's own allocations; undefined anywhere else. */
export function ownAllocationChain(db: RunDatabase, site: RunSite, ctx: AppContext): DriverChain | undefined {
  const batch = site.plugin.batchDriver as BatchDriver<unknown> | undefined;
  const run = db.runInfo();
  if (!batch || !batch.ownAllocation(ctx.env, run.id)) return undefined;
  const bctx: BatchDriverContext = batchDriverContext(run, site, ctx);
  const self = ctx.env['SLURM_JOB_ID'];
  const queuedOthers = async () => (await batch.list(site.settings, bctx)).filter((a) => a.id !== self && a.state === 'queued');
  return {
    async begin(workLeft) {
      if (!workLeft) return;
      try {
        if ((await queuedOthers()).length > 0) return;
        const id = await batch.queue(site.settings, bctx, { command: driverCommand(run.submitDir), cwd: ctx.cwd });
        ctx.logger.info(`Queued allocation ${id} to go on after this one (--dependency=singleton)`);
      } catch (error) {
        ctx.logger.warn(`could not queue the next allocation (${(error as Error).message}); when this one ends, resume with 'bps restart ${run.name}'`);
      }
    },
    async end(result, launched) {
      // Stopped by a signal (the time limit's SIGTERM) or handed back after working: the next one goes on.
      if (result.kind === 'stopped' && (result.mode === 'interrupt' || (result.mode === 'yield' && launched > 0))) return;
      if (result.kind === 'stopped' && result.mode === 'yield') {
        ctx.logger.error(`Allocation ${self ?? ''} could start none of the ready jobs in its time: no next allocation will run. Check the jobs' requestWalltime against the site's walltime, then 'bps restart ${run.name}'.`);
      }
      try {
        const queued = await queuedOthers();
        if (queued.length > 0) await batch.cancel(site.settings, bctx, queued.map((a) => a.id));
      } catch (error) {
        ctx.logger.warn(`could not cancel the queued allocation (${(error as Error).message}); its driver will find nothing to do`);
      }
    },
  };
}
