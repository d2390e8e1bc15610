import type { Executor } from '../executors/contract.js';
import { JobState, type JobStateName } from '../model/job-state.js';
import { localHostName } from '../process/host.js';
import { runShape } from '../report/eta-model.js';
import type { RunObserver } from '../report/run-observer.js';
import { buildStatusReport, type RunSummary, type StateCounts, type StatusReport } from '../report/status.js';
import type { DagState } from '../scheduler/dag-state.js';
import { Driver, type DriverResult } from '../scheduler/driver.js';
import type { RoundSink } from '../scheduler/ports.js';
import { acquireDriverLock, readDriverLock, type RunDatabase } from '../state/index.js';
import { clearCancelRequest, watchCancelRequest } from './cancel-request.js';
import type { AppContext } from './context.js';
import { installSignalHandlers } from './drive-stop.js';
import { endingOf, logDriverEnded, logDriverStarted, previousDriver } from './driver-events.js';
import { executorForRun } from './executor-for-run.js';
import { labelHistory } from './run-history.js';
import { hasClusters, taskRows } from './status.js';
import { StateJobCatalog } from './job-catalog.js';
import { lockOptions } from './remote-lock.js';
import { publishesStatus, StatusPublisher } from './status-publisher.js';

export { CANCEL_REQUEST_FILE } from './cancel-request.js';
export { stoppedError } from './drive-stop.js';

/** What a driver running in one of the run's own allocations does around the drive (app/allocation-chain.ts). */
export interface DriverChain {
  /** Before the loop, once the lock is held: `workLeft` when jobs remain to be run. */
  begin(workLeft: boolean): Promise<void>;
  /** After the loop, with how it ended and whether it launched anything. */
  end(result: DriverResult, launched: number): Promise<void>;
}

/** How `driveRun` drives: who watches, what to reopen, which jobs, and the allocation chain's hooks. */
export interface DriveOptions {
  readonly observer?: RunObserver;
  /** `bps restart --retry-failed`: failed jobs (and what they pruned) run again with fresh retries. */
  readonly retryFailed?: boolean;
  /** Run only these jobs (by index) and the ancestors they still need (the library's `run({jobs})`). @default every job */
  readonly only?: ReadonlySet<number>;
  readonly chain?: DriverChain;
}

/** How the drive ended, and the run's final status. */
export interface DriveResult {
  readonly result: DriverResult;
  readonly report: StatusReport;
}

/**
 * Drives a run from its state file until it ends or is stopped: takes the driver lock, rebuilds the DAG
 * from bps.sqlite (so a fresh submit and a restart share one path), adopts what an earlier driver left in
 * flight, runs the loop, and records the run's final state. First Ctrl-C/SIGTERM: stop dispatching, stop
 * running jobs, exit 130; a second one: exit at once. A `cancel.request` file (bps cancel, from any host)
 * stops it as cancelled. Inside a Slurm job it publishes its status for readers on other hosts.
 */
export async function driveRun(db: RunDatabase, ctx: AppContext, options: DriveOptions = {}): Promise<DriveResult> {
  const run = db.runInfo();
  // Read before the lock is taken: a driver record or lock still there was left by a driver that died.
  const previous = previousDriver(run.driver, readDriverLock(run.submitDir));
  const locking = await lockOptions(run.submitDir, ctx);
  const release = acquireDriverLock(run.submitDir, run.name, locking);
  clearCancelRequest(run.submitDir); // left by an earlier cancel: this driver was started after it
  const observer = options.observer ?? {};
  let executor: Executor | undefined;
  let driver: Driver | undefined;
  const removeSignals = installSignalHandlers((mode) => driver?.stop(mode), ctx, run.submitDir);
  const stopWatching = watchCancelRequest(run.submitDir, () => driver?.stop('cancel'));
  const host = localHostName(ctx.env);
  const me = { pid: process.pid, host, ...(locking.slurmJobId === undefined ? {} : { slurmJobId: locking.slurmJobId }) };
  let result: DriverResult | undefined;
  let logged = false;
  const summary = (driverAlive: boolean): RunSummary => ({ name: run.name, id: run.id, submitDir: run.submitDir, state: driverAlive ? 'RUNNING' : run.state, driverAlive });
  const publisher = publishesStatus(ctx.env) ? new StatusPublisher(db, () => summary(true), { host, pid: process.pid }, ctx.logger) : undefined;
  try {
    // Published before anything slow (the executor may ask Slurm): from the moment the lock names this
    // host, views elsewhere read the snapshot, never the live file, and must find one.
    publisher?.start();
    executor = await executorForRun(db, ctx);
    db.setDriver({ pid: process.pid, host, startedAt: new Date().toISOString() });
    logDriverStarted(db, me, previous);
    logged = true;
    const state = db.loadSchedulingState();
    const labels = state.labels.map((l) => l.label);
    const rows = hasClusters(db) ? 'jobs' : 'quanta';
    driver = new Driver({
      run: state,
      catalog: new StateJobCatalog(db, state.labelOf, run.submitDir, ctx.env),
      executor,
      sink: startsTold(db, (job, at) => observer.started?.(job, labels[state.labelOf[job] as number] ?? '', at)),
      onRound: (d) => {
        // Live, the driver counts jobs: per cluster label when the run is clustered.
        observer.round?.(() => reportFromDag(summary(true), labels, d.dag, rows));
        publisher?.round();
      },
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
    db.setRunState('RUNNING');
    if (inFlight.length > 0) driver.adopt(await executor.adopt(inFlight), previous);
    // After adoption: a job that failed while no driver ran is one of the failed jobs to retry too.
    if (options.retryFailed) driver.reopenFailed();
    await options.chain?.begin(driver.dag.unsettledCount() > 0);
    result = await driver.run();
    const progress = driver.progress();
    if (result.kind === 'stopped' && result.mode === 'yield') {
      ctx.logger.info(`${progress.waitingElsewhere} ready job(s) do not fit in what is left of this allocation: handing it back; the run stays RUNNING`);
    }
    const report = reportFromDag(summary(false), labels, driver.dag);
    const finalState = finalRunState(result, report, options.only !== undefined);
    logDriverEnded(db, me, endingOf(result), ctx.logger);
    db.setRunState(finalState);
    // Shown as `bps status` shows it: per task label, a cluster's quanta counted in its state.
    const shown = hasClusters(db) ? buildStatusReport(report.run, taskRows(db), 'quanta') : report;
    const final = { ...shown, run: { ...report.run, state: finalState } };
    publisher?.finish(final);
    observer.finished?.(final);
    await options.chain?.end(result, progress.launched);
    return { result, report: final };
  } finally {
    publisher?.stop(); // after finish() a no-op; after an error, no heartbeat on a closed state
    stopWatching();
    removeSignals();
    await executor?.close();
    if (logged && result === undefined) logDriverEnded(db, me, 'error', ctx.logger);
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
  // Interrupted, or handed back by an allocation with work left: resumable.
  if (result.kind === 'stopped') return result.mode === 'cancel' ? 'DELETED' : 'RUNNING';
  // A run of selected jobs may leave the rest waiting: unfinished, like an interrupted run, so resumable.
  if (partial && report.totals.pending + report.totals.running > 0) return 'RUNNING';
  return report.totals.succeeded === report.totals.total ? 'SUCCEEDED' : 'FAILED';
}
