/** `pipeline.watch()`: the live view of a run from a REPL, without writing over the prompt. */
import repl from 'node:repl';
import { readStatusReport, watchReports } from '../app/status.js';
import { CompletionRate } from '../report/eta.js';
import { ProgressView } from '../report/progress-view.js';
import type { StatusReport } from '../report/status.js';

/** Options of `pipeline.watch()`. */
export interface WatchOptions {
  /** Time between two reads of the run's state, in milliseconds. @default 1000 */
  readonly intervalMs?: number;
}

/**
 * Shows the run's status table with a progress bar (redrawn in place on a terminal, a plain line per
 * change elsewhere) until no driver is left for the run, or until Ctrl-C, which ends the view, never the
 * run. The view is cleared at the end, and the last status returned (the REPL prints it as the table).
 * `rate` is the ETA of a `run()` of this run in this process; a run driven elsewhere has none.
 */
export async function watchRun(submitDir: string, output: NodeJS.WritableStream, rate: CompletionRate | undefined, options: WatchOptions = {}): Promise<StatusReport> {
  // A terminal's isTTY and columns are read by the view: a redrawn frame there, plain lines elsewhere.
  const view = new ProgressView(output as ConstructorParameters<typeof ProgressView>[0], { intervalMs: 0 }, rate ?? new CompletionRate());
  const controller = new AbortController();
  const release = onCtrlC(() => controller.abort());
  try {
    const result = await watchReports(() => readStatusReport(submitDir), {
      intervalMs: options.intervalMs ?? 1000,
      signal: controller.signal,
      onReport: (report) => view.round(() => report),
    });
    return result.report;
  } finally {
    view.finished();
    release();
  }
}

/**
 * Calls `stop` on Ctrl-C until released. In the node REPL, Ctrl-C is a key the REPL reads (its terminal
 * is in raw mode, so no signal is sent), and its own handler would abandon the awaited `watch()` with
 * "Script execution was interrupted"; while the view is up Ctrl-C ends the view instead, and the REPL's
 * handlers are put back after. In a script, Ctrl-C is SIGINT.
 */
function onCtrlC(stop: () => void): () => void {
  const server = (repl as unknown as { repl?: repl.REPLServer }).repl;
  if (!server) {
    process.on('SIGINT', stop);
    return () => void process.off('SIGINT', stop);
  }
  const saved = server.listeners('SIGINT') as Array<() => void>;
  server.removeAllListeners('SIGINT');
  server.on('SIGINT', stop);
  return () => {
    server.off('SIGINT', stop);
    for (const listener of saved) server.on('SIGINT', listener);
  };
}
