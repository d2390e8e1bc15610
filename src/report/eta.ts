/** How fast a run goes and when it will end, from what its jobs did so far. */
import { estimateSeconds, type LabelWork, type RunPlan } from './eta-model.js';
import type { RunObserver } from './run-observer.js';

/** One label's row of the live status, as the ETA reads it. */
export interface LabelProgress {
  readonly label: string;
  readonly pending: number;
  readonly running: number;
}

/** The rate and the ETA at one moment. */
export interface Progress {
  /** Jobs settled per minute in this driver's lifetime; undefined until it means something. */
  readonly perMinute: number | undefined;
  /** Seconds the run still needs; undefined until a job has ended in this driver's lifetime. */
  readonly etaSeconds: number | undefined;
  /** `2.1 jobs/min, ETA 4m10s`, or '' while there is nothing to say. */
  readonly text: string;
}

/**
 * The rate and the ETA of a run being driven (report/eta-model.ts): it learns each label's mean run time
 * from the jobs that end, knows when the running ones started, and is asked again at every redraw, so
 * the ETA counts down while jobs run instead of moving only when one ends. A label no job of which has
 * ended yet takes its time in earlier runs, scaled by how this run's latest jobs compare with the same
 * labels then (a loaded machine is slower for all); with no history, the mean of all jobs seen. Until a
 * job has ended or history is known, no ETA. The rate shown is how fast jobs settled in this driver's
 * lifetime.
 */
export class CompletionRate {
  private start: { at: number; done: number } | undefined;
  private readonly runTimes = new Map<string, { total: number; count: number }>();
  private readonly running = new Map<number, { label: string; at: number }>();
  private widest = 1;
  private plan: RunPlan | undefined;
  /** This run's last run times over their label's time in earlier runs: how fast the machine is now. */
  private recent: number[] = [];

  /** The run's label DAG and history; without them the ETA is the work left over the concurrency. */
  setPlan(plan: RunPlan): void {
    this.plan = plan;
  }

  /** Job `job` of `label` started at `at` (ms since the epoch). */
  started(job: number, label: string, at: number): void {
    this.running.set(job, { label, at });
  }

  /** One job of `label` ran `seconds`; `job` ends its running time. */
  ranFor(label: string, seconds: number, job?: number): void {
    const earlier = this.plan?.history.get(label);
    if (earlier !== undefined && earlier > 0) this.recent = [...this.recent.slice(1 - RECENT), seconds / earlier];
    const entry = this.runTimes.get(label) ?? { total: 0, count: 0 };
    entry.total += seconds;
    entry.count += 1;
    this.runTimes.set(label, entry);
    if (job !== undefined) this.running.delete(job);
  }

  observe(now: number, done: number, total: number, labels: readonly LabelProgress[] = []): Progress {
    this.start ??= { at: now, done };
    this.widest = Math.max(this.widest, labels.reduce((n, l) => n + l.running, 0));
    const minutes = (now - this.start.at) / 60_000;
    const settled = done - this.start.done;
    const remaining = total - done;
    // A rate over less than a few seconds or a single job says nothing yet.
    const perMinute = minutes < 0.05 || settled < 2 ? undefined : settled / minutes;
    let etaSeconds = remaining === 0 ? 0 : this.etaSeconds(now, labels);
    if (etaSeconds === undefined && perMinute !== undefined) etaSeconds = (remaining / perMinute) * 60;
    const eta = etaSeconds === undefined ? undefined : remaining === 0 ? 'ETA now' : `ETA ${formatDuration(etaSeconds)}`;
    const text = [perMinute === undefined ? undefined : formatRate(perMinute), eta].filter((part) => part !== undefined).join(', ');
    return { perMinute, etaSeconds, text };
  }

  private etaSeconds(now: number, labels: readonly LabelProgress[]): number | undefined {
    const means = this.meanSeconds();
    if (means === undefined || labels.length === 0) return undefined;
    const since = new Map<string, number[]>();
    for (const { label, at } of this.running.values()) since.set(label, [...(since.get(label) ?? []), Math.max(0, now - at) / 1000]);
    const work: LabelWork[] = labels.map((row) => {
      // The counts come from the run's state, the start times from the executor's events: a job may be
      // counted before its start is heard (or adopted from an earlier driver), never the other way round.
      const runningFor = (since.get(row.label) ?? []).slice(0, row.running);
      return { label: row.label, pending: row.pending, runningFor, runningUnseen: row.running - runningFor.length };
    });
    return estimateSeconds({ ...means, work, concurrency: this.widest, shape: this.plan?.shape });
  }

  /** Each label's run time: seen in this run, else from history (scaled), else the mean of all seen. */
  private meanSeconds(): { meanSeconds: Map<string, number>; fallback: number } | undefined {
    const history = this.plan?.history ?? new Map<string, number>();
    let total = 0;
    let count = 0;
    const meanSeconds = new Map<string, number>();
    for (const [label, entry] of this.runTimes) {
      total += entry.total;
      count += entry.count;
      meanSeconds.set(label, entry.total / entry.count);
    }
    if (count === 0 && history.size === 0) return undefined;
    // The last few jobs, not the whole run: a machine that other work loads (or unloads) changes speed
    // while the run goes, and the labels still to come run at today's speed. Clamped: a few jobs slowed
    // by a passing load must not stretch every other label tenfold.
    const ratio = this.recent.length === 0 ? 1 : this.recent.reduce((a, b) => a + b, 0) / this.recent.length;
    const scale = Math.min(4, Math.max(0.25, ratio));
    for (const [label, earlier] of history) if (!meanSeconds.has(label)) meanSeconds.set(label, earlier * scale);
    const fallback = count > 0 ? total / count : [...history.values()].reduce((a, b) => a + b, 0) / history.size;
    return { meanSeconds, fallback };
  }
}

/** How many of the latest run times tell how fast the machine is now. */
const RECENT = 6;

/** An observer that shows the rate and the ETA: it hands what the drive tells about jobs to its {@link CompletionRate}. */
export abstract class RateObserver implements RunObserver {
  /** @param rate shared with another view of the same drive (the library's `watch()`), or its own. */
  constructor(readonly rate: CompletionRate = new CompletionRate()) {}

  plan(plan: RunPlan): void {
    this.rate.setPlan(plan);
  }

  started(job: number, label: string, at: number): void {
    this.rate.started(job, label, at);
  }

  ranFor(label: string, seconds: number, job: number): void {
    this.rate.ranFor(label, seconds, job);
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

/** Follows a drive's jobs for another view's ETA (the library's `watch()`), and shows nothing itself. */
export class RateTracker extends RateObserver {}
