import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createExecutorForSite } from '../executors/registry.js';
import { BpsError, InterruptedError } from '../errors.js';
import { DagState } from '../scheduler/dag-state.js';
import { acquireDriverLock } from '../scheduler/driver-lock.js';
import { Driver, type DriverResult, type FailureInfo } from '../scheduler/driver.js';
import { describeOutcome } from '../scheduler/retry-policy.js';
import type { StatusReport } from '../report/status.js';
import type { AppContext } from './context.js';
import { ProgressReporter, reportFromDag, type RunEvent } from './progress.js';
import type { DriverStore } from './run-store.js';
import { StoreCatalog } from './store-catalog.js';

export interface DriveOptions {
  readonly quiet: boolean;
  /** `bps restart --retry-failed`: failed jobs (and what they pruned) run again with fresh retries. */
  readonly retryFailed?: boolean;
  /** `--json`: progress and failures as events instead of the live table. */
  readonly events?: (event: RunEvent) => void;
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
 * flight, runs the loop with progress, and records the run's final state. First Ctrl-C/SIGTERM: stop
 * dispatching, stop running jobs, exit 130; a second one: exit at once.
 */
export async function driveRun(store: DriverStore, ctx: AppContext, options: DriveOptions): Promise<DriveResult> {
  const run = store.run();
  const release = acquireDriverLock(run.submitDir, run.name);
  let executor: Awaited<ReturnType<typeof createExecutorForSite>> | undefined;
  const progress = new ProgressReporter(ctx.progress, { quiet: options.quiet, ...(options.events ? { events: options.events } : {}) });
  let driver: Driver | undefined;
  const removeSignals = installSignalHandlers((mode) => driver?.stop(mode), ctx, run.submitDir);
  try {
    executor = await createExecutorForSite(store.site(), { logger: ctx.logger, run: { id: run.id, submitDir: run.submitDir } });
    const snapshot = store.snapshot();
    const dag = new DagState({ states: snapshot.states, labelOf: snapshot.labelOf, labelCount: snapshot.labels.length, edgeFrom: snapshot.edgeFrom, edgeTo: snapshot.edgeTo });
    driver = new Driver({
      dag,
      counters: { attempt: snapshot.attempt, retriesUsed: snapshot.retriesUsed, memoryMiB: snapshot.memoryMiB },
      catalog: new StoreCatalog(store, snapshot.labelOf, snapshot.labels, join(run.submitDir, 'logging'), ctx.env),
      executor,
      sink: store,
      finalJob: snapshot.finalJob,
      // The local pool wakes the loop itself when a job ends; a batch executor paces its own polls (backoff).
      pollIntervalMs: executor.capabilities.wakesOnActivity ? 500 : 60_000,
      onRound: (d) => progress.update(() => reportFromDag({ ...run, driverAlive: true }, snapshot.labels, d.dag)),
      onFailure: (info) => progress.failure(info, failureLine(info)),
      onRunTime: (job, seconds) => progress.ranFor(snapshot.labels[snapshot.labelOf[job] as number] ?? '', seconds),
      only: options.only,
    });
    driver.reopenDeleted();
    if (options.retryFailed) driver.reopenFailed();
    store.setRunState('RUNNING');
    const inFlight = store.inFlight();
    if (inFlight.length > 0) {
      ctx.logger.info(`Reconciling ${inFlight.length} job(s) left in flight by an earlier driver`);
      driver.adopt(await executor.adopt(inFlight));
    }
    const result = await driver.run();
    const report = reportFromDag({ ...run, driverAlive: false }, snapshot.labels, driver.dag);
    progress.finish();
    const state = finalRunState(result, report, options.only !== undefined);
    store.setRunState(state);
    return { result, report: { ...report, run: { ...report.run, state } } };
  } finally {
    removeSignals();
    await executor?.close();
    release();
  }
}

function finalRunState(result: DriverResult, report: StatusReport, partial: boolean): 'SUCCEEDED' | 'FAILED' | 'RUNNING' | 'DELETED' {
  if (result.kind === 'stopped') return result.mode === 'cancel' ? 'DELETED' : 'RUNNING';
  // A run of selected jobs may leave the rest waiting: unfinished, like an interrupted run, so resumable.
  if (partial && report.totals.pending + report.totals.running > 0) return 'RUNNING';
  return report.totals.succeeded === report.totals.total ? 'SUCCEEDED' : 'FAILED';
}

function failureLine(info: FailureInfo): string {
  const what = info.final ? 'failed' : 'will be retried';
  return `Job ${info.name} (${info.label}) ${what}: ${info.final ? info.reason : describeOutcome(info.outcome)}`;
}

/**
 * First SIGINT/SIGTERM stops the run gracefully (a `cancel.request` file in the run folder, written by
 * `bps cancel`, turns it into a cancel); a second one exits at once with 130.
 */
function installSignalHandlers(stop: (mode: 'interrupt' | 'cancel') => void, ctx: AppContext, submitDir: string): () => void {
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
export function stoppedError(runName: string, mode: 'interrupt' | 'cancel'): BpsError {
  if (mode === 'cancel') return new BpsError(`Run '${runName}' was cancelled (bps cancel); its running jobs were stopped and recorded as DELETED.`);
  return new InterruptedError(`Run '${runName}' was interrupted; its running jobs were stopped and recorded.`, {
    hint: `Resume it with 'bps restart ${runName}'.`,
  });
}

