/** How the CLI watches a submission or a drive: the live table and identity lines, or `--json` event lines. */
import { combineObservers, IdentityLines } from '../report/identity-lines.js';
import { JsonEvents } from '../report/json-events.js';
import { ProgressView } from '../report/progress-view.js';
import type { RunObserver } from '../report/run-observer.js';
import type { MaybeTty } from '../terminal/live-frame.js';
import { println, type CliContext } from './context.js';

/**
 * `--json`: one JSON object per line on stdout and nothing else there. Otherwise `Submit dir:`, `Run Id:`
 * and `Run Name:` on stdout, as ctrl_bps prints them, and progress on stderr (a table redrawn in place on
 * a terminal, plain lines elsewhere; none with `--quiet`).
 */
export function cliObserver(ctx: CliContext, options: { json: boolean; quiet: boolean }): RunObserver {
  if (options.json) return new JsonEvents((event) => println(ctx, JSON.stringify(event)));
  return combineObservers(new IdentityLines((line) => println(ctx, line)), new ProgressView(ctx.stderr as MaybeTty, { quiet: options.quiet }));
}
