import { StateError } from '../errors.js';
import type { LabelSpec } from '../model/job-spec.js';
import type { JobStateName } from '../model/job-state.js';
import { applyRound } from './apply-round.js';
import { attemptsOf, labelPeakMemory, labelRunTimes, succeededRunTimes } from './attempts.js';
import { integrityCheck, openDatabase, translateError, type Db } from './db.js';
import { eventsAfter, eventsTail, jobAndRunEvents } from './events.js';
import { parentIds, taskLabelsOf } from './job-relations.js';
import { clusterJobs, failedJobs, findJobs, inFlightJobs, jobByName, jobNames, jobsByIds, jobsByLabel, jobsBySuffix, jobsByTask, launchRecord, type JobsByLabelOptions } from './jobs.js';
import { labelCountMismatches, readLabelCounts, readLabels, readLabelSpecs, readTaskCounts, readTasks, taskCountMismatches } from './labels.js';
import { readRun, readSite, writeDriver } from './run-table.js';
import { openSnapshot, writeSnapshot } from './snapshot.js';
import { loadSchedulingState } from './scheduling.js';
import { Statements } from './statements.js';
import { labelUsageSamples } from './usage.js';
import type {
  AttemptRecord, DriverInfo, FailedJob, InFlightJob, JobDetails, LabelCounts, LabelInfo, LabelUsageSample, RoundChanges, RunRecord,
  SchedulingState, StateEvent, StoredSite, TaskCounts,
} from './types.js';

/**
 * One run's bps.sqlite. The driver is its only writer and commits each scheduler round in one
 * transaction ({@link RunDatabase.applyRound}); `status` and `report` open it read-only while a driver
 * runs (WAL: neither blocks the other). Close it when done.
 */
export class RunDatabase {
  private readonly s: Statements;
  private labelList: readonly LabelInfo[] | undefined;

  private constructor(private readonly db: Db, readonly path: string, readonly readonly: boolean) {
    this.s = new Statements(db);
  }

  /** Opens `path` (read-write unless `readonly`); migrates an older schema when writable. */
  static open(path: string, options: { readonly?: boolean } = {}): RunDatabase {
    return new RunDatabase(openDatabase(path, options), path, options.readonly ?? false);
  }

  /**
   * Opens a snapshot published by a driver on another host (state/snapshot.ts): in memory, read-only.
   * `path` names the snapshot in messages.
   */
  static openSnapshot(path: string): RunDatabase {
    return new RunDatabase(openSnapshot(path), path, true);
  }

  /** Publishes a consistent copy of this state at `path` for readers on other hosts (tmp + rename). */
  publishSnapshot(path: string): void {
    this.guard(() => writeSnapshot(this.db, path));
  }

  /** Runs `work`, turning SQLite errors (busy, corrupt, disk full…) into StateErrors naming the file. */
  /** Whether the file has schema 4's clustered-job tables (a reader may open an older one as it is). */
  private tasksTable(): boolean {
    return this.s.get("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'job_tasks'").get() !== undefined;
  }

  private guard<T>(work: () => T, writes = false): T {
    // A reader may hold a read-write connection (WAL recovery after a crash), but it never writes.
    if (writes && this.readonly) throw new StateError(`Run state ${this.path} was opened read-only; it cannot be changed through this handle.`);
    try {
      return work();
    } catch (error) {
      throw translateError(this.path, error);
    }
  }

  /** The run's metadata and state. */
  runInfo(): RunRecord {
    return this.guard(() => readRun(this.s));
  }

  /** The compute site as stored at submit time (its settings are parsed again by the executor's settings module). */
  site(): StoredSite {
    return this.guard(() => readSite(this.s));
  }

  /** Labels in topological order (they never change after creation, so read once). */
  labels(): readonly LabelInfo[] {
    return (this.labelList ??= this.guard(() => readLabels(this.s)));
  }

  /** Each label's command, resources and retry policy as stored at creation. */
  labelSpecs(): Map<string, LabelSpec> {
    return this.guard(() => readLabelSpecs(this.s));
  }

  /** Per label in topological order, the count of every state: O(labels) at any number of jobs. */
  labelCounts(): LabelCounts[] {
    return this.guard(() => readLabelCounts(this.s, this.labels()));
  }

  /** Task labels in pipeline order. */
  tasks(): string[] {
    return this.guard(() => readTasks(this.s));
  }

  /** Per task label in pipeline order, its quanta counted by their jobs' states: O(task labels). */
  taskCounts(): TaskCounts[] {
    return this.guard(() => readTaskCounts(this.s, this.labels()));
  }

  /** Typed arrays by job index and the edges as CSR, for the scheduler. */
  loadSchedulingState(): SchedulingState {
    return this.guard(() => loadSchedulingState(this.s, this.labels()));
  }

  /** Name, label, quanta, data ID… of jobs by id (index + 1), in the order asked. */
  jobsByIds(ids: ArrayLike<number>): JobDetails[] {
    return this.guard(() => jobsByIds(this.s, this.labels(), ids));
  }

  /** Name, label, quanta and own wall time request of the job with this id (for its launch; the driver's file is migrated). */
  launchRecord(id: number): { name: string; label: string; quanta: string; walltimeSec: number | null } | undefined {
    return this.guard(() => launchRecord(this.s, this.labels(), id));
  }

  /** One job by name, if it exists. */
  jobByName(name: string): JobDetails | undefined {
    return this.guard(() => jobByName(this.s, this.labels(), name));
  }

  /** Jobs of one label in id order, optionally only in some states; [] for an unknown label. */
  jobsByLabel(label: string, options: JobsByLabelOptions = {}): JobDetails[] {
    const idx = this.labels().findIndex((l) => l.label === label);
    return this.guard(() => idx < 0 ? [] : jobsByLabel(this.s, this.labels(), idx, options));
  }

  /** Jobs holding quanta of a task label (a cluster may hold several task labels), in id order; [] for an unknown one. */
  jobsByTask(task: string, options: JobsByLabelOptions = {}): JobDetails[] {
    return this.guard(() => {
      if (!this.tasksTable()) return this.jobsByLabel(task, options);
      const idx = this.s.get('SELECT idx FROM tasks WHERE label = ?').pluck().get(task) as number | undefined;
      return idx === undefined ? [] : jobsByTask(this.s, this.labels(), idx, options);
    });
  }

  /** Jobs of several quanta in one of `states` (a schema-4 file: older runs have none), at most `limit`. */
  clusterJobs(states: readonly JobStateName[], limit: number): JobDetails[] {
    return this.guard(() => (this.tasksTable() ? clusterJobs(this.s, this.labels(), states, limit) : []));
  }

  /** Jobs left PENDING, RUNNING or HELD, with the handles to reconcile them. */
  inFlightJobs(): InFlightJob[] {
    return this.guard(() => inFlightJobs(this.s, this.labels(), this.runInfo().submitDir));
  }

  /** FAILED jobs with their exit code, attempt and reason. */
  failedJobs(): FailedJob[] {
    return this.guard(() => failedJobs(this.s, this.labels()));
  }

  /** Every attempt of a job (by id), oldest first. */
  attempts(jobId: number): AttemptRecord[] {
    return this.guard(() => attemptsOf(this.s, jobId));
  }

  /** Per job label, the summed run time (s) and count of the attempts that succeeded. */
  succeededRunTimes(): Map<string, { total: number; count: number }> {
    return this.guard(() => succeededRunTimes(this.s));
  }

  /** Per label index, the longest succeeded attempt so far (seconds). */
  labelRunTimes(): Map<number, number> {
    return this.guard(() => labelRunTimes(this.s));
  }

  /** Per label index, the largest peak memory (MiB) of attempts that succeeded or ran out of memory (a driver's file: migrated). */
  labelPeakMemory(): Map<number, number> {
    return this.guard(() => labelPeakMemory(this.s));
  }

  /** Per label, what its succeeded attempts asked for and used, and its attempts that ran out of memory (`bps report`). */
  labelUsage(): LabelUsageSample[] {
    return this.guard(() => labelUsageSamples(this.s, this.labels()));
  }

  /** The last `limit` events, oldest first; or, with `afterSeq`, the events after that one. */
  events(options: { limit?: number; afterSeq?: number } = {}): StateEvent[] {
    const limit = options.limit ?? 100;
    return this.guard(() => options.afterSeq === undefined ? eventsTail(this.s, limit) : eventsAfter(this.s, options.afterSeq, limit));
  }

  /** One job's events (by id) and the run-level ones, oldest first: what `bps explain` reads. */
  jobEvents(jobId: number): StateEvent[] {
    return this.guard(() => jobAndRunEvents(this.s, jobId));
  }

  /** The parents of a job (by id), in id order. */
  parentsOf(jobId: number): JobDetails[] {
    return this.guard(() => jobsByIds(this.s, this.labels(), parentIds(this.s, jobId)));
  }

  /** The task labels of a job's quanta, with how many quanta each, in pipeline order. */
  taskLabelsOf(jobId: number): Array<{ label: string; quanta: number }> {
    return this.guard(() => taskLabelsOf(this.s, jobId, this.tasksTable()));
  }

  /** Commits one scheduler round in ONE transaction. */
  applyRound(changes: RoundChanges): void {
    this.guard(() => applyRound(this.s, changes), true);
  }

  /** Sets the run's state (and logs the change). */
  setRunState(state: JobStateName): void {
    this.guard(() => applyRound(this.s, { transitions: [], runState: state }), true);
  }

  /** Records the driver working on the run (informational), or clears it. */
  setDriver(driver: DriverInfo | null): void {
    this.guard(() => writeDriver(this.s, driver), true);
  }

  /** Problems found by `PRAGMA integrity_check` and by checking label_counts against the jobs; [] when sound. */
  integrityCheck(): string[] {
    try {
      const sqlite = integrityCheck(this.db);
      return [...(sqlite === 'ok' ? [] : [sqlite]), ...labelCountMismatches(this.s), ...taskCountMismatches(this.s)];
    } catch (error) {
      return [`SQLite could not check ${this.path}: ${(error as Error).message}`]; // damaged beyond the check itself
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** The job named `nameOrLabel`, else up to 1000 jobs of that label, failed ones first. */
  findJobs(nameOrLabel: string): JobDetails[] {
    return this.guard(() => findJobs(this.s, this.labels(), nameOrLabel));
  }

  /** Jobs whose name ends with `suffix` (non-empty), in id order, at most `limit`. */
  jobsBySuffix(suffix: string, limit: number): JobDetails[] {
    return this.guard(() => jobsBySuffix(this.s, this.labels(), suffix, limit));
  }

  /** Every job's name and label by index (for `bps graph` of small runs). */
  jobNames(): Array<{ name: string; label: string }> {
    return this.guard(() => jobNames(this.s, this.labels()));
  }
}

/** Opens a run's state for its driver (read-write; migrates an older schema). */
export function openRunState(path: string): RunDatabase {
  return RunDatabase.open(path);
}

/** Opens a run's state for `status`/`report`: read-only, never migrates, works while a driver writes. */
export function openReadOnly(path: string): RunDatabase {
  return RunDatabase.open(path, { readonly: true });
}
