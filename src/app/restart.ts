import { renderStatusTable } from '../report/render/status-table.js';
import type { AppContext } from './context.js';
import { spawnDetachedDriver } from './detach.js';
import { driveRun, stoppedError } from './drive.js';
import { assertNoLiveDriver } from '../scheduler/driver-lock.js';
import { findRunDir, openDriverStore } from './run-state.js';

export interface RestartRequest {
  readonly run: string;
  readonly detach: boolean;
  readonly quiet: boolean;
  readonly retryFailed: boolean;
}

/**
 * `bps restart RUN`: reopen the run's bps.sqlite (the pickle-equivalent), reconcile what an earlier
 * driver left in flight, and go on. Succeeded jobs never run again; failed ones only with --retry-failed.
 */
export async function restartRun(request: RestartRequest, ctx: AppContext): Promise<{ exitCode: number }> {
  const submitDir = findRunDir(request.run, ctx);
  const store = openDriverStore(submitDir);
  const run = store.run();
  try {
    assertNoLiveDriver(submitDir, run.name);
  } catch (error) {
    store.close();
    throw error;
  }
  ctx.out(`Run Id: ${run.id}`);
  ctx.out(`Run Name: ${run.name}`);
  if (request.detach) {
    store.close();
    await spawnDetachedDriver(submitDir, ctx);
    return { exitCode: 0 };
  }
  try {
    const { result, report } = await driveRun(store, ctx, { quiet: request.quiet, retryFailed: request.retryFailed });
    ctx.out(renderStatusTable(report));
    if (result.kind === 'stopped') throw stoppedError(run.name, result.mode);
    return { exitCode: report.totals.succeeded === report.totals.total ? 0 : 1 };
  } finally {
    store.close();
  }
}
