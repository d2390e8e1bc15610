import { openDriverStore } from './run-state.js';
import type { AppContext } from './context.js';
import { driveRun, stoppedError } from './drive.js';
import { prepareSubmission } from './prepare.js';
import { renderStatusTable } from '../report/render/status-table.js';
import { spawnDetachedDriver } from './detach.js';

export interface SubmitRequest {
  readonly configPath: string;
  readonly overrides: Readonly<Record<string, string>>;
  readonly detach: boolean;
  readonly quiet: boolean;
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
  const prepared = await prepareSubmission({ configPath: request.configPath, overrides: request.overrides, stage: 'submit' }, ctx);
  const store = openDriverStore(prepared.submitDir);
  const run = store.run();
  ctx.out(`Run Id: ${run.id}`);
  ctx.out(`Run Name: ${run.name}`);
  ctx.logger.info(`Run '${run.name}' submitted for execution with id '${run.id}'`);
  if (request.detach) {
    store.close();
    const pid = await spawnDetachedDriver(prepared.submitDir, ctx);
    ctx.logger.info(`Driver running in the background (pid ${pid}); follow it with 'bps status ${run.name}'`);
    return { exitCode: 0 };
  }
  try {
    const { result, report } = await driveRun(store, ctx, { quiet: request.quiet });
    ctx.out(renderStatusTable(report));
    if (result.kind === 'stopped') throw stoppedError(run.name, result.mode);
    return { exitCode: report.totals.succeeded === report.totals.total ? 0 : 1 };
  } finally {
    store.close();
  }
}
