import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { BpsError, InterruptedError } from '../errors.js';
import type { Executor } from '../executors/contract.js';
import { JobState, type JobStateName } from '../model/job-state.js';
import { runShape } from '../report/eta-model.js';
import type { RunObserver } from '../report/run-observer.js';
import { buildStatusReport, type RunSummary, type StateCounts, type StatusReport } from '../report/status.js';
import type { DagState } from '../scheduler/dag-state.js';
import { Driver, type DriverResult, type StopMode } from '../scheduler/driver.js';
import type { RoundSink } from '../scheduler/ports.js';
import { acquireDriverLock, type RunDatabase } from '../state/index.js';
import type { AppContext } from './context.js';
import { executorForRun } from './executor-for-run.js';
import { labelHistory } from './run-history.js';
import { hasClusters, taskRows } from './status.js';
import { StateJobCatalog } from './job-catalog.js';

export interface DriveOptions {
  readonly observer?: RunObserver;
  /** `bps restart --retry-failed`: failed jobs (and what they pruned) run again with fresh retries. */
  readonly retryFailed?: boolean;
  /** Run only these jobs (by index) and the ancestors they still need (the library's `run({jobs})`). @default every job */
  readonly only?: ReadonlySet<number>;
}

export interface DriveResult {
  readonly result: DriverResult;
  readonly report: StatusReport;
}

/**
 * Drives a run from its state file until it ends or is stopped: takes the driver lock, rebuilds the DAG
 * from bps.sqlite (so a fresh submit and a restart share one path), adopts what an earlier driver left in
 * flight, runs the loop, and records the run's final state. First Ctrl-C/SIGTERM: stop dispatching, stop
 * running jobs, exit 130; a second one: exit at once.
 */
export async function driveRun(db: RunDatabase, ctx: AppContext, options: DriveOptions = {}): Promise<DriveResult> {
  const run = db.runInfo();
  const release = acquireDriverLock(run.submitDir, run.name);
  const observer = options.observer ?? {};
  let executor: Executor | undefined;
  let driver: Driver | undefined;
  const removeSignals = installSignalHandlers((mode) => driver?.stop(mode), ctx, run.submitDir);
  try {
    executor = await executorForRun(db, ctx);
    db.setDriver({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() });
    const state = db.loadSchedulingState();
    const labels = state.labels.map((l) => l.label);
    const rows = hasClusters(db) ? 'jobs' : 'quanta';
    const summary = (driverAlive: boolean): RunSummary => ({ name: run.name, id: run.id, submitDir: run.submitDir, state: run.state, driverAlive });
    driver = new Driver({
      run: state,
      catalog: new StateJobCatalog(db, state.labelOf, run.submitDir, ctx.env),
      executor,
      sink: startsTold(db, (job, at) => observer.started?.(job, labels[state.labelOf[job] as number] ?? '', at)),
      // Live, the driver counts jobs: per cluster label when the run is clustered.
      onRound: (d) => observer.round?.(() => reportFromDag(summary(true), labels, d.dag, rows)),
      onFailure: (failure) => observer.failure?.(failure),
      onRunTime: (job, seconds) => observer.ranFor?.(labels[state.labelOf[job] as number] ?? '', seconds, job),
      ...(options.only ? { only: options.only } : {}),
    });
    // Logged before the first round: a line written under the live table, once it is drawn, would be
    // wiped by its next redraw along with the table's top line.
    const inFlight = db.inFlightJobs();
    if (inFlight.length > 0) ctx.logger.info(`Reconciling ${inFlight.length} job(s) left in flight by an earlier driver`);
    observer.plan?.({ shape: runShape(state), history: labelHistory(run, ctx) });
    driver.reopenDeleted();
    if (options.retryFailed) driver.reopenFailed();
    db.setRunState('RUNNING');
    if (inFlight.length > 0) driver.adopt(await executor.adopt(inFlight));
    const result = await driver.run();
    const report = reportFromDag(summary(false), labels, driver.dag);
    const finalState = finalRunState(result, report, options.only !== undefined);
    db.setRunState(finalState);
    // Shown as `bps status` shows it: per task label, a cluster's quanta counted in its state.
    const shown = hasClusters(db) ? buildStatusReport(report.run, taskRows(db), 'quanta') : report;
    const final = { ...shown, run: { ...report.run, state: finalState } };
    observer.finished?.(final);
    return { result, report: final };
  } finally {
    removeSignals();
    await executor?.close();
    try {
      db.setDriver(null);
    } catch (error) {
      ctx.logger.debug(`could not clear the driver record: ${(error as Error).message}`); // the error that ended the drive matters more
    }
    release();
  }
}

/**
 * The state file as the driver's sink, telling `started` of every job a committed round set RUNNING:
 * the ETA counts down what running jobs have left, and the RUNNING transition is when a job's start was
 * heard.
 */
function startsTold(db: RunDatabase, started: (job: number, at: number) => void): RoundSink {
  return {
    applyRound: (changes) => {
      db.applyRound(changes);
      for (const t of changes.transitions) if (t.state === JobState.RUNNING) started(t.job, t.at);
    },
  };
}

/** The status report straight from the driver's in-memory counts (no SQL per round). */
export function reportFromDag(run: RunSummary, labels: readonly string[], dag: DagState, rows: StatusReport['rows'] = 'quanta'): StatusReport {
  return buildStatusReport(
    run,
    labels.map((label, index) => {
      const counts: StateCounts = {};
      for (const [name, code] of Object.entries(JobState) as Array<[JobStateName, number]>) {
        const n = dag.count(index, code);
        if (n > 0) counts[name] = n;
      }
      return { label, counts };
    }),
    rows,
  );
}

/**
 * The run's state when its driver ends, from what its jobs are: every view (status, report, --exit-code)
 * reads the same. A run whose every job succeeded is SUCCEEDED, even when a cancel or Ctrl-C arrived as
 * its last job ended.
 */
function finalRunState(result: DriverResult, report: StatusReport, partial: boolean): 'SUCCEEDED' | 'FAILED' | 'RUNNING' | 'DELETED' {
  if (report.totals.succeeded === report.totals.total) return 'SUCCEEDED';
  if (result.kind === 'stopped') return result.mode === 'cancel' ? 'DELETED' : 'RUNNING';
  // A run of selected jobs may leave the rest waiting: unfinished, like an interrupted run, so resumable.
  if (partial && report.totals.pending + report.totals.running > 0) return 'RUNNING';
  return report.totals.succeeded === report.totals.total ? 'SUCCEEDED' : 'FAILED';
}

/**
 * First SIGINT/SIGTERM stops the run gracefully (a `cancel.request` file in the run folder, written by
 * `bps cancel`, turns it into a cancel); a second one exits at once with 130.
 */
function installSignalHandlers(stop: (mode: StopMode) => void, ctx: AppContext, submitDir: string): () => void {
  let count = 0;
  const handler = (signal: NodeJS.Signals) => {
    count += 1;
    if (count > 1) process.exit(130);
    const mode = existsSync(join(submitDir, CANCEL_REQUEST_FILE)) ? 'cancel' : 'interrupt';
    ctx.logger.warn(`${signal} received: stopping the running jobs (again to exit at once)`);
    stop(mode);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** Written by `bps cancel` before it signals the driver, so the driver records DELETED, not interrupted. */
export const CANCEL_REQUEST_FILE = 'cancel.request';

/** The error a stopped drive turns into at the CLI: 130 and how to resume, or 1 after `bps cancel`. */
export function stoppedError(runName: string, mode: StopMode): BpsError {
  if (mode === 'cancel') return new BpsError(`Run '${runName}' was cancelled (bps cancel); its running jobs were stopped and recorded as DELETED.`);
  return new InterruptedError(`Run '${runName}' was interrupted; its running jobs were stopped and recorded.`, {
    hint: `Resume it with 'bps restart ${runName}'.`,
  });
}
