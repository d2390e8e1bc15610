import { JobState, type JobStateName } from '../workflow/types.js';
import type { DagState } from '../scheduler/dag-state.js';
import { buildStatusReport, type RunSummary, type StatusReport, type StateCounts } from '../report/status.js';
import { renderStatusLine, renderStatusTable } from '../report/render/status-table.js';

const STATE_NAMES = Object.entries(JobState) as Array<[JobStateName, number]>;

/** The status report of a run straight from the driver's in-memory counts (no SQL per round). */
export function reportFromDag(run: RunSummary, labels: readonly string[], dag: DagState): StatusReport {
  return buildStatusReport(
    run,
    labels.map((label, index) => {
      const counts: StateCounts = {};
      for (const [name, code] of STATE_NAMES) {
        const n = dag.count(index, code);
        if (n > 0) counts[name] = n;
      }
      return { label, counts };
    }),
  );
}

/**
 * Progress while a run is driven: on a terminal, the per-label table redrawn in place; elsewhere (a batch
 * job's log) a plain line at most every `intervalMs`, with no escape codes.
 */
export class ProgressReporter {
  private lastLines = 0;
  private lastAt = 0;
  private lastLine = '';

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly options: { quiet: boolean; intervalMs?: number },
  ) {}

  /** `report` is only built when a line is due: the driver calls this after every round. */
  update(report: () => StatusReport, force = false): void {
    if (this.options.quiet) return;
    const now = Date.now();
    const tty = this.out.isTTY === true;
    const interval = this.options.intervalMs ?? (tty ? 250 : 10_000);
    if (!force && now - this.lastAt < interval) return;
    this.lastAt = now;
    this.render(report(), tty, now, force);
  }

  private render(report: StatusReport, tty: boolean, now: number, force: boolean): void {
    if (tty) {
      const text = renderStatusTable(report);
      const erase = this.lastLines > 0 ? `\x1b[${this.lastLines}A\x1b[J` : '';
      this.out.write(`${erase}${text}\n`);
      this.lastLines = text.split('\n').length;
    } else {
      const line = renderStatusLine(report);
      if (line !== this.lastLine || force) this.out.write(`${new Date(now).toISOString()} ${line}\n`);
      this.lastLine = line;
    }
  }

  /** A message that must not be overwritten by the next redraw (a failure, a warning). */
  message(text: string): void {
    if (this.options.quiet) return;
    this.lastLines = 0;
    this.out.write(`${text}\n`);
  }

  /** Leaves the terminal clean before the final table is printed on stdout. */
  finish(): void {
    if (this.out.isTTY === true && this.lastLines > 0) this.out.write(`\x1b[${this.lastLines}A\x1b[J`);
    this.lastLines = 0;
  }
}
