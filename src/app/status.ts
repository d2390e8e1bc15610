import { setTimeout as sleep } from 'node:timers/promises';
import { buildStatusReport, type RunSummary, type StatusReport } from '../report/status.js';
import { isDriverAlive, readDriverLock, type RunDatabase } from '../state/index.js';
import type { AppContext } from './context.js';
import { publisherAlive, readPublishedStatus } from './published-status.js';
import { findRunDir, openRun, remoteDriverLock } from './run-lookup.js';

/**
 * `bps status RUN`: the per-label table, read from bps.sqlite only (never the executor, never the logs), so
 * it answers at once at any scale, while a driver runs or after one died (then `driverAlive` is false and
 * jobs it left "running" are shown as such until a restart reconciles them).
 */
export function showStatus(runQuery: string, ctx: AppContext): StatusReport {
  return readStatusReport(findRunDir(runQuery, ctx));
}

/**
 * The status of the run in `submitDir`: counts per label from its state file only, and whether a driver is
 * alive. When its driver runs on another host, what that driver published (docs/ARCHITECTURE.md, "Status
 * from another host"): the live SQLite file is never opened across hosts.
 */
export function readStatusReport(submitDir: string): StatusReport {
  if (remoteDriverLock(submitDir)) {
    const published = readPublishedStatus(submitDir);
    if (published) return { ...published.report, run: { ...published.report.run, driverAlive: publisherAlive(published, Date.now()) } };
  }
  const db = openRun(submitDir, { readonly: true });
  try {
    const run = db.runInfo();
    return stateReport(db, { name: run.name, id: run.id, submitDir: run.submitDir, state: run.state, driverAlive: isDriverAlive(readDriverLock(submitDir)) });
  } finally {
    db.close();
  }
}

/** The status report of an open state: counts per label (O(labels)) and the jobs in flight. */
export function stateReport(db: RunDatabase, run: RunSummary): StatusReport {
  const report = buildStatusReport(run, db.labelCounts());
  const active = db.inFlightJobs().map((job) => ({
    name: job.name, label: job.label, state: job.state, attempt: job.attempt, externalId: job.externalId === '' ? null : job.externalId, reason: job.reason,
  }));
  return { ...report, active };
}

/** How `bps status --watch` refreshes, and where each report goes. */
export interface WatchOptions {
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
  return watchReports(() => readStatusReport(submitDir), options);
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
