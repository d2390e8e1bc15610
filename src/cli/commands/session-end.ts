import type { DriveSessionResult } from '../../app/drive-session.js';
import { println, type CliContext } from '../context.js';

/**
 * After `bps submit|restart`: the final per-task table (not with `--json`, whose `finished` event has it)
 * and the exit code; a stopped run then ends in the error that says how to resume (exit 130, or 1 after
 * `bps cancel`).
 */
export async function printSessionEnd(session: DriveSessionResult, json: boolean, ctx: CliContext): Promise<void> {
  if (session.kind === 'detached') return;
  if (!json) {
    const { renderStatusTable } = await import('../../report/render/status-table.js');
    println(ctx, renderStatusTable(session.report));
  }
  if (session.result.kind === 'stopped') {
    const { stoppedError } = await import('../../app/drive.js');
    throw stoppedError(session.report.run.name, session.result.mode);
  }
  ctx.exitCode = session.exitCode;
}
