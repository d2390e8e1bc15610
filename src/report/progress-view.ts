/**
 * Progress while a run is driven, for people: on a terminal the per-label table redrawn in place with a
 * progress bar; elsewhere (a batch job's log, the library's output) a plain line at most every
 * `intervalMs`, with no escape codes. Failures are printed as they happen and never written over.
 */
import type { AttemptFailure } from '../model/outcome.js';
import { describeOutcome } from '../model/outcome-text.js';
import { FrameWriter, type MaybeTty } from '../terminal/live-frame.js';
import { RateObserver, type CompletionRate } from './eta.js';
import { progressBar } from './render/progress-bar.js';
import { renderStatusLine, renderStatusTable } from './render/status-table.js';
import type { RunObserver } from './run-observer.js';
import type { StatusReport } from './status.js';

export interface ProgressViewOptions {
  /** No progress and no failure lines. @default false */
  readonly quiet?: boolean;
  /** Shortest time between two redraws (terminal) or lines (elsewhere). @default 250 ms on a terminal, 10 s elsewhere */
  readonly intervalMs?: number;
}

export class ProgressView extends RateObserver implements RunObserver {
  private readonly frames: FrameWriter;
  private lastAt = 0;
  private lastLine = '';

  constructor(
    private readonly out: MaybeTty,
    private readonly options: ProgressViewOptions = {},
    rate?: CompletionRate,
  ) {
    super(rate);
    this.frames = new FrameWriter(out);
  }

  commandOutput(line: string): void {
    if (!this.options.quiet) this.message(line);
  }

  round(report: () => StatusReport): void {
    if (this.options.quiet) return;
    const now = Date.now();
    const tty = this.out.isTTY === true;
    if (now - this.lastAt < (this.options.intervalMs ?? (tty ? 250 : 10_000))) return;
    this.lastAt = now;
    const current = report();
    const done = current.totals.succeeded + current.totals.failed + current.totals.pruned;
    const eta = this.rate.observe(now, done, current.totals.total, current.labels);
    if (tty) {
      this.frames.frame(`${renderStatusTable(current)}\n${progressBar(done, current.totals.total, eta, this.out.columns)}`);
      return;
    }
    const line = renderStatusLine(current);
    if (line !== this.lastLine) this.out.write(`${new Date(now).toISOString()} ${line}${eta.text ? `, ${eta.text}` : ''}\n`);
    this.lastLine = line;
  }

  failure(failure: AttemptFailure): void {
    if (this.options.quiet) return;
    const what = failure.final ? 'failed' : 'will be retried';
    this.message(`Job ${failure.name} (${failure.label}) ${what}: ${failure.final ? failure.reason : describeOutcome(failure.outcome)}`);
  }

  /** Leaves the terminal clean before the final table is printed on stdout. */
  finished(): void {
    this.frames.clear();
  }

  /** A line that must not be overwritten by the next redraw. */
  private message(text: string): void {
    this.frames.keep();
    this.out.write(`${text}\n`);
  }
}
