import { setTimeout as sleep } from 'node:timers/promises';
import { buildStatusReport, type RunSummary, type StateCounts, type StatusReport } from '../report/status.js';
import { isDriverAlive, readDriverLock, type RunDatabase } from '../state/index.js';
import { applyClusterSummaries } from './cluster-summaries.js';
import type { AppContext } from './context.js';
import { publisherAlive, readPublishedStatus } from './published-status.js';
import { findRunDir, openRun, remoteDriverLock } from './run-lookup.js';

/**
 * `bps status RUN`: the per-label table, read from bps.sqlite only (never the executor, never the logs), so
 * it answers at once at any scale, while a driver runs or after one died (then `driverAlive` is false and
 * jobs it left "running" are shown as such until a restart reconciles them).
 */
export function showStatus(runQuery: string, ctx: AppContext, options: StatusOptions = {}): StatusReport {
  return readStatusReport(findRunDir(runQuery, ctx), options);
}

export interface StatusOptions {
  /** `bps status --clusters`: one row per job label (cluster label) counting jobs, not per task label counting quanta. */
  readonly clusters?: boolean;
}

/**
 * The status of the run in `submitDir`: counts per label from its state file only, and whether a driver is
 * alive. When its driver runs on another host, what that driver published (docs/ARCHITECTURE.md, "Status
 * from another host"): the live SQLite file is never opened across hosts.
 */
export function readStatusReport(submitDir: string, options: StatusOptions = {}): StatusReport {
  if (remoteDriverLock(submitDir)) {
    const published = readPublishedStatus(submitDir);
    const report = published && (options.clusters ? (published.clusters ?? published.report) : published.report);
    if (published && report) return { ...report, run: { ...report.run, driverAlive: publisherAlive(published, Date.now()) } };
  }
  const db = openRun(submitDir, { readonly: true });
  try {
    const run = db.runInfo();
    return stateReport(db, { name: run.name, id: run.id, submitDir: run.submitDir, state: run.state, driverAlive: isDriverAlive(readDriverLock(submitDir)) }, options);
  } finally {
    db.close();
  }
}

/**
 * The status report of an open state, O(labels) plus the jobs in flight: per task label counting quanta,
 * or with `clusters`, per job label counting jobs.
 */
export function stateReport(db: RunDatabase, run: RunSummary, options: StatusOptions = {}): StatusReport {
  const report = options.clusters ? buildStatusReport(run, db.labelCounts(), 'jobs') : buildStatusReport(run, taskRows(db), 'quanta');
  const active = db.inFlightJobs().map((job) => ({
    name: job.name, label: job.label, state: job.state, attempt: job.attempt, externalId: job.externalId === '' ? null : job.externalId, reason: job.reason,
  }));
  return { ...report, active };
}

/**
 * The seed's rows: pipetaskInit, then every task label counting its quanta (each in its job's state),
 * then finalJob. A cluster of three quanta moves three counts at once; a failed one's quanta that its
 * `--summary` report says succeeded count as succeeded (cluster-summaries.ts).
 */
export function taskRows(db: RunDatabase): Array<{ label: string; counts: StateCounts }> {
  const labels = db.labelCounts();
  return [...labels.filter((l) => l.kind === 'init'), ...applyClusterSummaries(db, db.taskCounts()), ...labels.filter((l) => l.kind === 'final')];
}

/** Whether some job of the run holds other than one quantum of its own label's task (a clustered run). */
export function hasClusters(db: RunDatabase): boolean {
  const payload = db.labels().filter((l) => l.kind === 'payload');
  const quanta = new Map(db.taskCounts().map((t) => [t.label, t.total]));
  return payload.length !== quanta.size || payload.some((l) => quanta.get(l.label) !== l.expected);
}

/** How `bps status --watch` refreshes, and where each report goes. */
export interface WatchOptions extends StatusOptions {
  /** Time between two reads of the state file, in milliseconds. @default 2000 */
  readonly intervalMs?: number;
  /** Aborting it (Ctrl-C at the CLI) ends the watch after the current read. */
  readonly signal?: AbortSignal;
  /** Called with every report read, the last one included. */
  readonly onReport: (report: StatusReport) => void;
}

/** How a watch ended. */
export interface WatchResult {
  /** The last report read. */
  readonly report: StatusReport;
  /** True when the watch was ended through `signal`, not by the run ending. */
  readonly interrupted: boolean;
}

/**
 * `bps status RUN --watch`: reads the status again every interval until the run ends, i.e. until no
 * driver is alive for it: only a driver changes a run. Its final state is not the test, because a
 * restart takes the driver lock before it sets a FAILED run back to RUNNING, and an interrupted or
 * crashed run stays RUNNING with no driver until someone restarts it.
 */
export async function watchStatus(runQuery: string, ctx: AppContext, options: WatchOptions): Promise<WatchResult> {
  const submitDir = findRunDir(runQuery, ctx);
  return watchReports(() => readStatusReport(submitDir, options), options);
}

/** The loop of {@link watchStatus}, over any source of reports. */
export async function watchReports(read: () => StatusReport, options: WatchOptions): Promise<WatchResult> {
  const intervalMs = options.intervalMs ?? 2000;
  for (;;) {
    const report = read();
    options.onReport(report);
    if (hasEnded(report)) return { report, interrupted: false };
    if (options.signal?.aborted) return { report, interrupted: true };
    try {
      await sleep(intervalMs, undefined, options.signal ? { signal: options.signal } : undefined);
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
      return { report, interrupted: true };
    }
  }
}

/** Whether a run can still change without a new driver (see {@link watchStatus}). */
export function hasEnded(report: StatusReport): boolean {
  return !report.run.driverAlive;
}
