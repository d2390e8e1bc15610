import { JobState, type JobStateName } from '../workflow/types.js';
import type { DagState } from '../scheduler/dag-state.js';
import { buildStatusReport, type RunSummary, type StatusReport, type StateCounts } from '../report/status.js';
import { renderStatusLine, renderStatusTable } from '../report/render/status-table.js';
import { FrameWriter, type MaybeTty } from '../terminal/live-frame.js';
import type { FailureInfo } from '../scheduler/driver.js';

/** One line of `bps submit|restart --json`: what happened, as it happened. */
export type RunEvent = { readonly event: string } & Readonly<Record<string, unknown>>;

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
  private readonly frames: FrameWriter;
  private lastAt = 0;
  private lastLine = '';
  private readonly rate = new CompletionRate();

  constructor(
    private readonly out: MaybeTty,
    private readonly options: { quiet: boolean; intervalMs?: number; events?: (event: RunEvent) => void },
  ) {
    this.frames = new FrameWriter(out);
  }

  /** `report` is only built when a line is due: the driver calls this after every round. */
  update(report: () => StatusReport, force = false): void {
    if (this.options.events) return this.emitProgress(report, force);
    if (this.options.quiet) return;
    const now = Date.now();
    const tty = this.out.isTTY === true;
    const interval = this.options.intervalMs ?? (tty ? 250 : 10_000);
    if (!force && now - this.lastAt < interval) return;
    this.lastAt = now;
    this.render(report(), tty, now, force);
  }

  private render(report: StatusReport, tty: boolean, now: number, force: boolean): void {
    const done = report.totals.succeeded + report.totals.failed + report.totals.pruned;
    const eta = this.rate.observe(now, done, report.totals.total, report.labels);
    if (tty) {
      this.frames.frame(`${renderStatusTable(report)}\n${progressBar(done, report.totals.total, eta, this.out.columns)}`);
    } else {
      const line = renderStatusLine(report);
      if (line !== this.lastLine || force) this.out.write(`${new Date(now).toISOString()} ${line}${eta.text ? `, ${eta.text}` : ''}\n`);
      this.lastLine = line;
    }
  }

  /** `--json`: a progress event per second at most, with the totals and the rate/ETA. */
  private emitProgress(report: () => StatusReport, force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastAt < (this.options.intervalMs ?? 1000)) return;
    this.lastAt = now;
    const current = report();
    const done = current.totals.succeeded + current.totals.failed + current.totals.pruned;
    const eta = this.rate.observe(now, done, current.totals.total, current.labels);
    this.options.events?.({ event: 'progress', at: new Date(now).toISOString(), totals: current.totals, ...(eta.perMinute === undefined ? {} : { jobsPerMinute: eta.perMinute }) });
  }

  /** A job of `label` ran `seconds` (for the ETA). */
  ranFor(label: string, seconds: number): void {
    this.rate.ranFor(label, seconds);
  }

  /** A job's attempt ended without success: a line for people, an event for `--json`. */
  failure(info: FailureInfo, line: string): void {
    if (this.options.events) {
      this.options.events({ event: 'failure', at: new Date().toISOString(), job: info.name, label: info.label, outcome: info.outcome, final: info.final, reason: info.reason });
      return;
    }
    this.message(line);
  }

  /** A message that must not be overwritten by the next redraw (a failure, a warning). */
  message(text: string): void {
    if (this.options.quiet || this.options.events) return;
    this.frames.keep();
    this.out.write(`${text}\n`);
  }

  /** Leaves the terminal clean before the final table is printed on stdout. */
  finish(): void {
    this.frames.clear();
  }
}

/**
 * The ETA: the work left per label (waiting and running jobs × that label's mean observed run time; a
 * label not seen yet takes the mean of all) spread over as many jobs as have run at once so far. Until a
 * job has ended, no ETA. The rate shown is how fast jobs settled in this driver's lifetime.
 */
export class CompletionRate {
  private start: { at: number; done: number } | undefined;
  private readonly runTimes = new Map<string, { total: number; count: number }>();
  private widest = 1;

  /** One job of `label` ran `seconds`. */
  ranFor(label: string, seconds: number): void {
    const entry = this.runTimes.get(label) ?? { total: 0, count: 0 };
    entry.total += seconds;
    entry.count += 1;
    this.runTimes.set(label, entry);
  }

  observe(now: number, done: number, total: number, labels: ReadonlyArray<{ label: string; pending: number; running: number }> = []): { perMinute: number | undefined; text: string } {
    this.start ??= { at: now, done };
    this.widest = Math.max(this.widest, labels.reduce((n, l) => n + l.running, 0));
    const minutes = (now - this.start.at) / 60_000;
    const settled = done - this.start.done;
    // A rate over less than a few seconds or a single job says nothing yet.
    if (minutes < 0.05 || settled < 2) return { perMinute: undefined, text: '' };
    const perMinute = settled / minutes;
    const remaining = total - done;
    if (remaining === 0) return { perMinute, text: `${formatRate(perMinute)}, ETA now` };
    const seconds = this.etaSeconds(labels) ?? (remaining / perMinute) * 60;
    return { perMinute, text: `${formatRate(perMinute)}, ETA ${formatDuration(seconds)}` };
  }

  private etaSeconds(labels: ReadonlyArray<{ label: string; pending: number; running: number }>): number | undefined {
    let total = 0;
    let count = 0;
    for (const entry of this.runTimes.values()) (total += entry.total, count += entry.count);
    if (count === 0 || labels.length === 0) return undefined;
    const overall = total / count;
    let work = 0;
    for (const row of labels) {
      const seen = this.runTimes.get(row.label);
      work += (row.pending + row.running) * (seen ? seen.total / seen.count : overall);
    }
    return work / this.widest;
  }
}

function formatRate(perMinute: number): string {
  return perMinute >= 10 ? `${(perMinute / 60).toFixed(1)} jobs/s` : `${perMinute.toFixed(1)} jobs/min`;
}

/** `42s`, `7m05s`, `3h12m`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `[########............] 12/31 (39%) 2.1 jobs/min, ETA 4m10s`, fitted to the terminal's width. */
export function progressBar(done: number, total: number, eta: { text: string }, columns: number | undefined): string {
  const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
  const tail = ` ${done}/${total} (${percent}%)${eta.text ? ` ${eta.text}` : ''}`;
  const width = Math.max(10, Math.min(40, (columns ?? 80) - tail.length - 3));
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]${tail}`;
}
