import type { JobStateName } from '../model/job-state.js';

/** One row of the seed's status table: a job label and its jobs folded into the five (six) columns. */
export interface LabelStatus {
  readonly label: string;
  readonly pending: number;
  readonly running: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly pruned: number;
  readonly total: number;
  /** HELD jobs (Slurm `JobHeldUser`/`JobHeldAdmin`), already counted in `pending`. */
  readonly held: number;
}

/** A job queued or running right now, with what the batch system says about it (`bps status --json`). */
export interface ActiveJob {
  readonly name: string;
  readonly label: string;
  readonly state: JobStateName;
  readonly attempt: number;
  /** Slurm job id, or the local wrapper's pid; null until the executor has answered. */
  readonly externalId: string | null;
  /** Why it waits (Slurm's PENDING reason: Resources, Priority, Dependency, JobHeldUser …), if known. */
  readonly reason: string | null;
}

export interface RunSummary {
  readonly name: string;
  readonly id: string;
  readonly submitDir: string;
  /** The run's state, a ctrl_bps WmsStates name. */
  readonly state: JobStateName;
  /** Whether a driver process is alive for this run right now. */
  readonly driverAlive: boolean;
}

/** What `bps status` returns; the table and `--json` both render this object. */
export interface StatusReport {
  readonly run: RunSummary;
  /**
   * What the rows count: 'quanta' — one row per task label, each quantum in its job's state (the
   * pipetaskInit and finalJob rows count their one job); 'jobs' — one row per job label (a cluster label,
   * `bps status --clusters`). With one quantum per job the two are the same table.
   */
  readonly rows: 'quanta' | 'jobs';
  readonly labels: readonly LabelStatus[];
  readonly totals: Omit<LabelStatus, 'label'>;
  /** Jobs queued or running right now (`bps status`; the live progress leaves it out). */
  readonly active?: readonly ActiveJob[];
}

/** Per label, the number of jobs in each state. */
export type StateCounts = Partial<Record<JobStateName, number>>;

/**
 * Folds ctrl_bps job states into the seed's columns (docs/ARCHITECTURE.md, "Job states"): pending =
 * UNREADY + READY + PENDING + HELD + UNKNOWN + MISFIT, running, succeeded, failed, pruned; DELETED
 * (cancelled) jobs count as failed, as HTCondor's DAGMan counts them.
 */
export function foldCounts(label: string, counts: StateCounts): LabelStatus {
  const n = (state: JobStateName) => counts[state] ?? 0;
  const pending = n('UNREADY') + n('READY') + n('PENDING') + n('HELD') + n('UNKNOWN') + n('MISFIT');
  const row = { label, pending, running: n('RUNNING'), succeeded: n('SUCCEEDED'), failed: n('FAILED') + n('DELETED'), pruned: n('PRUNED') };
  return { ...row, total: row.pending + row.running + row.succeeded + row.failed + row.pruned, held: n('HELD') };
}

/** Builds the status report from per-label counts given in pipeline order. */
export function buildStatusReport(run: RunSummary, perLabel: ReadonlyArray<{ label: string; counts: StateCounts }>, rows: StatusReport['rows'] = 'jobs'): StatusReport {
  const labels = perLabel.map(({ label, counts }) => foldCounts(label, counts));
  const sum = (key: keyof Omit<LabelStatus, 'label'>) => labels.reduce((total, row) => total + row[key], 0);
  return {
    run,
    rows,
    labels,
    totals: { pending: sum('pending'), running: sum('running'), succeeded: sum('succeeded'), failed: sum('failed'), pruned: sum('pruned'), total: sum('total'), held: sum('held') },
  };
}
