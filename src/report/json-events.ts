/**
 * `bps submit|restart --json`: what happens, as it happens, one JSON object per line (`submitted`,
 * `progress` with the totals and rate, `failure`, `finished`), and nothing else on stdout.
 */
import type { AttemptFailure } from '../model/outcome.js';
import { RateObserver } from './eta.js';
import type { RunIdentity, RunObserver } from './run-observer.js';
import type { StatusReport } from './status.js';

/** One line of `--json` output. */
export type RunEvent = { readonly event: string; readonly at: string } & Readonly<Record<string, unknown>>;

export class JsonEvents extends RateObserver implements RunObserver {
  private lastAt = 0;

  constructor(
    private readonly emit: (event: RunEvent) => void,
    private readonly intervalMs = 1000,
  ) {
    super();
  }

  submitted(run: RunIdentity): void {
    this.emit({ event: 'submitted', at: new Date().toISOString(), submitDir: run.submitDir, runId: run.runId, runName: run.runName });
  }

  round(report: () => StatusReport): void {
    const now = Date.now();
    if (now - this.lastAt < this.intervalMs) return;
    this.lastAt = now;
    const current = report();
    const done = current.totals.succeeded + current.totals.failed + current.totals.pruned;
    const eta = this.rate.observe(now, done, current.totals.total, current.labels);
    this.emit({
      event: 'progress', at: new Date(now).toISOString(), totals: current.totals,
      ...(eta.perMinute === undefined ? {} : { jobsPerMinute: eta.perMinute }),
      ...(eta.etaSeconds === undefined ? {} : { etaSeconds: Math.round(eta.etaSeconds * 10) / 10 }),
    });
  }

  failure(failure: AttemptFailure): void {
    this.emit({ event: 'failure', at: new Date().toISOString(), job: failure.name, label: failure.label, outcome: failure.outcome, final: failure.final, reason: failure.reason });
  }

  finished(report: StatusReport): void {
    this.emit({ event: 'finished', at: new Date().toISOString(), state: report.run.state, report });
  }
}
