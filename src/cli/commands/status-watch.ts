import type { StatusReport } from '../../report/status.js';
import type { CliContext } from '../context.js';
import { println } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { FrameWriter, type MaybeTty } from '../../terminal/live-frame.js';

/**
 * `bps status RUN --watch`: the status again every `intervalMs` until the run ends. A terminal sees one
 * table redrawn in place; a file or pipe gets a new table per refresh, and `--json` one JSON object per
 * line. Ctrl-C (or SIGTERM) ends the watch quietly with 130: the run itself is not touched. A reader
 * that closes the pipe ends it quietly with 0.
 * @returns the last report, or undefined when the watch was stopped before the run ended.
 */
export async function watchRunStatus(run: string, options: { json: boolean; intervalMs: number; clusters: boolean }, ctx: CliContext): Promise<StatusReport | undefined> {
  const { watchStatus } = await import('../../app/status.js');
  const { renderStatusTable } = await import('../../report/render/status-table.js');
  const app = ctx.appContext();
  const frames = new FrameWriter(ctx.stdout as MaybeTty);
  const controller = new AbortController();
  const stop = () => controller.abort('signal');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // `bps status RUN --watch --json | jq … ` ends with the reader: stop quietly instead of dying on EPIPE. Left
  // attached: the failed write's error may arrive after the last frame.
  ctx.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    controller.abort('closed');
  });
  try {
    const result = await watchStatus(run, app, {
      intervalMs: options.intervalMs,
      clusters: options.clusters,
      signal: controller.signal,
      onReport: (report) => {
        if (options.json) println(ctx, JSON.stringify(report));
        else frames.frame(`${app.now().toISOString()}  ${report.run.name}  ${report.run.state}\n${renderStatusTable(report)}`);
      },
    });
    if (result.interrupted) {
      if (controller.signal.reason === 'signal') ctx.exitCode = ExitCode.INTERRUPTED;
      return undefined;
    }
    return result.report;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
