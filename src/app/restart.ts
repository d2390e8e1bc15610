import { renderStatusTable } from '../report/render/status-table.js';
import type { AppContext } from './context.js';
import type { RunEvent } from './progress.js';
import { spawnDetachedDriver } from './detach.js';
import { driveRun, stoppedError } from './drive.js';
import { assertNoLiveDriver } from '../scheduler/driver-lock.js';
import { findRunDir, openDriverStore } from './run-state.js';

export interface RestartRequest {
  readonly run: string;
  readonly detach: boolean;
  readonly quiet: boolean;
  /** `--json`: one JSON object per line on stdout (submitted, progress, failure, finished), no tables. */
  readonly json?: boolean;
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
  if (request.json) ctx.out(JSON.stringify({ event: 'submitted', at: new Date().toISOString(), submitDir: run.submitDir, runId: run.id, runName: run.name }));
  else {
    ctx.out(`Run Id: ${run.id}`);
    ctx.out(`Run Name: ${run.name}`);
  }
  if (request.detach) {
    store.close();
    await spawnDetachedDriver(submitDir, ctx);
    return { exitCode: 0 };
  }
  try {
    const events = request.json ? (event: RunEvent) => ctx.out(JSON.stringify(event)) : undefined;
    const { result, report } = await driveRun(store, ctx, { quiet: request.quiet, ...(events ? { events } : {}), retryFailed: request.retryFailed });
    if (events) events({ event: 'finished', at: new Date().toISOString(), state: report.run.state, report });
    else ctx.out(renderStatusTable(report));
    if (result.kind === 'stopped') throw stoppedError(run.name, result.mode);
    return { exitCode: report.totals.succeeded === report.totals.total ? 0 : 1 };
  } finally {
    store.close();
  }
}
