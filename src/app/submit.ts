import { openDriverStore } from './run-state.js';
import type { AppContext } from './context.js';
import type { RunEvent } from './progress.js';
import { driveRun, stoppedError } from './drive.js';
import { prepareSubmission } from './prepare.js';
import { renderStatusTable } from '../report/render/status-table.js';
import { spawnDetachedDriver } from './detach.js';

export interface SubmitRequest {
  readonly configPath: string;
  readonly overrides: Readonly<Record<string, string>>;
  readonly detach: boolean;
  readonly quiet: boolean;
  /** `--json`: one JSON object per line on stdout (submitted, progress, failure, finished), no tables. */
  readonly json?: boolean;
}

export interface SubmitResult {
  readonly exitCode: number;
}

/**
 * `bps submit`: prepare (config, submit dir, graph, workflow, bps.sqlite), print the run's identity as
 * ctrl_bps does (`Submit dir:`, `Run Id:`, `Run Name:`), then drive it to the end here — or, with
 * `--detach`, in a background process that survives logout.
 */
export async function submitRun(request: SubmitRequest, ctx: AppContext): Promise<SubmitResult> {
  // With --json, stdout carries events only: the submit dir is in the 'submitted' event.
  const prepareCtx = request.json ? { ...ctx, out: () => undefined } : ctx;
  const prepared = await prepareSubmission({ configPath: request.configPath, overrides: request.overrides, stage: 'submit' }, prepareCtx);
  const store = openDriverStore(prepared.submitDir);
  const run = store.run();
  if (request.json) ctx.out(JSON.stringify({ event: 'submitted', at: new Date().toISOString(), submitDir: run.submitDir, runId: run.id, runName: run.name }));
  else {
    ctx.out(`Run Id: ${run.id}`);
    ctx.out(`Run Name: ${run.name}`);
  }
  ctx.logger.info(`Run '${run.name}' submitted for execution with id '${run.id}'`);
  if (request.detach) {
    store.close();
    const pid = await spawnDetachedDriver(prepared.submitDir, ctx);
    ctx.logger.info(`Driver running in the background (pid ${pid}); follow it with 'bps status ${run.name}'`);
    return { exitCode: 0 };
  }
  try {
    const events = request.json ? (event: RunEvent) => ctx.out(JSON.stringify(event)) : undefined;
    const { result, report } = await driveRun(store, ctx, { quiet: request.quiet, ...(events ? { events } : {}) });
    if (events) events({ event: 'finished', at: new Date().toISOString(), state: report.run.state, report });
    else ctx.out(renderStatusTable(report));
    if (result.kind === 'stopped') throw stoppedError(run.name, result.mode);
    return { exitCode: report.totals.succeeded === report.totals.total ? 0 : 1 };
  } finally {
    store.close();
  }
}
