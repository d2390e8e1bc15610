/** What `bps submit` and `bps restart` share once the run exists: drive it here, or in the background. */
import type { RunObserver } from '../report/run-observer.js';
import { ownAllocationChain } from './allocation-chain.js';
import { batchDriverSession } from './batch-session.js';
import type { AppContext } from './context.js';
import type { DriveSessionResult } from './session-result.js';
import { spawnDetachedDriver } from './detach.js';
import { driveRun } from './drive.js';
import { runSite } from './executor-for-run.js';
import { openRun } from './run-lookup.js';

export interface DriveSessionRequest {
  readonly submitDir: string;
  /** Leave the driver running in the background and return. */
  readonly detach: boolean;
  readonly observer: RunObserver;
  readonly retryFailed?: boolean;
  /** Log ctrl_bps's `Run '<name>' submitted for execution with id '<id>'` (a fresh submit). */
  readonly announceSubmission?: boolean;
}

export type { DriveSessionResult } from './session-result.js';

/**
 * Announces the run (`Run Id:`, `Run Name:`), then drives it to the end here or in a background process;
 * for a site whose driver runs inside a batch allocation (executor: allocation), from outside one, queues
 * that allocation and follows the run instead (app/batch-session.ts). A run stopped by Ctrl-C or `bps
 * cancel` returns as such: the caller shows it, then `stoppedError`.
 */
export async function driveSession(request: DriveSessionRequest, ctx: AppContext): Promise<DriveSessionResult> {
  const db = openRun(request.submitDir);
  try {
    const run = db.runInfo();
    request.observer.submitted?.({ submitDir: run.submitDir, runId: run.id, runName: run.name });
    if (request.announceSubmission) ctx.logger.info(`Run '${run.name}' submitted for execution with id '${run.id}'`);
    const site = runSite(db);
    // A site whose driver runs inside a batch allocation, from outside one: queue the allocation instead.
    if (site.plugin.batchDriver && !site.plugin.batchDriver.insideAllocation(ctx.env)) {
      db.close();
      return await batchDriverSession(run, site, { detach: request.detach, observer: request.observer, ...(request.retryFailed ? { retryFailed: true } : {}) }, ctx);
    }
    if (request.detach) {
      db.close();
      const pid = await spawnDetachedDriver(request.submitDir, ctx);
      ctx.logger.info(`Driver running in the background (pid ${pid}); follow it with 'bps status ${run.name}'`);
      return { kind: 'detached', pid };
    }
    const chain = ownAllocationChain(db, site, ctx);
    const { result, report } = await driveRun(db, ctx, { observer: request.observer, ...(request.retryFailed ? { retryFailed: true } : {}), ...(chain ? { chain } : {}) });
    return { kind: 'driven', result, report, exitCode: report.totals.succeeded === report.totals.total ? 0 : 1 };
  } finally {
    db.close();
  }
}
