import { UsageError } from '../errors.js';
import { JobState, type JobStateName } from '../model/job-state.js';
import { closeMatches, orList } from '../model/close-match.js';
import type { JobDetails, JobsByLabelOptions, RunDatabase } from '../state/index.js';
import { parseDataIdQuery } from './data-id-query.js';
import { openRun } from './run-lookup.js';

/** The columns of the seed's status table, as `getJobs` accepts them (gen3_workflow's `status='pending'`). */
export type StatusColumn = 'pending' | 'running' | 'succeeded' | 'failed' | 'pruned';

/** What `pipeline.getJobs(label, filter)` selects on. */
export interface JobFilter {
  /**
   * A ctrl_bps state name (`'FAILED'`, `'READY'` …: exactly that state), or a column of the status table
   * (`'failed'`: FAILED and DELETED; `'pending'`: UNREADY, READY, PENDING, HELD, UNKNOWN, MISFIT …), or a
   * list of them. @default every state
   */
  readonly status?: JobStateName | StatusColumn | ReadonlyArray<JobStateName | StatusColumn>;
  /** A data-ID filter such as `visit == 192355 and detector in (1, 2)`. @default every job */
  readonly query?: string;
}

// The same folding as report/status.ts foldCounts, so a column here counts what `status()` shows there.
const COLUMNS: Readonly<Record<StatusColumn, readonly JobStateName[]>> = {
  pending: ['UNREADY', 'READY', 'PENDING', 'HELD', 'UNKNOWN', 'MISFIT'],
  running: ['RUNNING'],
  succeeded: ['SUCCEEDED'],
  failed: ['FAILED', 'DELETED'],
  pruned: ['PRUNED'],
};

/** The state names a `status` filter stands for; a UsageError for a name that is neither. */
export function statesOf(status: NonNullable<JobFilter['status']>): JobStateName[] {
  const names = typeof status === 'string' ? [status] : status;
  return [...new Set(names.flatMap((name) => {
    if (Object.hasOwn(COLUMNS, name)) return COLUMNS[name as StatusColumn];
    if (Object.hasOwn(JobState, name)) return [name as JobStateName];
    throw new UsageError(`Unknown job status '${name}'.`, {
      hint: `Use a state (${Object.keys(JobState).join(', ')}) or a status-table column (${Object.keys(COLUMNS).join(', ')}).`,
    });
  }))];
}

/**
 * Names of a run's jobs of `label` that pass `filter`, in job order (the DAG's). `label` is a job label
 * (a task label, or a cluster label), or a task label inside clusters: then the jobs holding its quanta.
 * A cluster's data ID is its clustering dimensions' values.
 */
export function selectJobs(submitDir: string, label: string, filter: JobFilter = {}): string[] {
  const db = openRun(submitDir, { readonly: true });
  try {
    return filterJobs(db, label, filter).map((job) => job.name);
  } finally {
    db.close();
  }
}

/** The jobs of `label` (task or cluster label) that pass `filter`, in job order. */
export function filterJobs(db: RunDatabase, label: string, filter: JobFilter = {}): JobDetails[] {
  const pick = labelPicker(db, label);
  const query = filter.query === undefined ? undefined : parseDataIdQuery(filter.query);
  if (query) checkDimensions(label, query.dimensions, pick({ limit: 1 })[0]);
  const jobs = pick(filter.status === undefined ? {} : { states: statesOf(filter.status) });
  return query ? jobs.filter((job) => job.dataId !== null && query.matches(job.dataId)) : jobs;
}

/**
 * How to read the jobs of a label: by job label, or by task label (the jobs holding its quanta). An
 * unknown label is a UsageError with the closest labels, so `calibrat` gets "Did you mean 'calibrate'?".
 */
export function labelPicker(db: RunDatabase, label: string): (options: JobsByLabelOptions) => JobDetails[] {
  const labels = db.labels().map((l) => l.label);
  if (labels.includes(label)) return (options) => db.jobsByLabel(label, options);
  const tasks = db.tasks();
  if (tasks.includes(label)) return (options) => db.jobsByTask(label, options);
  const all = [...labels, ...tasks.filter((t) => !labels.includes(t))];
  const close = closeMatches(label, all);
  throw new UsageError(`Run '${db.runInfo().name}' has no task or cluster label '${label}'.`, {
    hint: close.length > 0 ? `Did you mean ${orList(close)}?` : `Its labels: ${all.join(', ')}.`,
  });
}

/** Job indices of the named jobs, for `run({jobs})`; a UsageError names the first unknown one. */
export function jobIndices(submitDir: string, names: readonly string[]): Set<number> {
  const db = openRun(submitDir, { readonly: true });
  try {
    const indices = new Set<number>();
    for (const name of names) {
      const job = db.jobByName(name);
      if (!job) throw new UsageError(`Run '${db.runInfo().name}' has no job named '${name}'.`, { hint: "Pick jobs with pipeline.getJobs(label, {status, query})." });
      indices.add(job.index);
    }
    return indices;
  } finally {
    db.close();
  }
}

// A typo in a dimension would otherwise select nothing, silently: all jobs of a label share dimensions.
export function checkDimensions(label: string, dimensions: readonly string[], sample: JobDetails | undefined): void {
  if (!sample) return;
  const known = Object.keys(sample.dataId ?? {});
  const unknown = dimensions.filter((d) => !known.includes(d));
  if (unknown.length === 0) return;
  throw new UsageError(`The jobs of '${label}' have no data-ID dimension ${unknown.map((d) => `'${d}'`).join(', ')}.`, {
    hint: known.length > 0 ? `Their dimensions: ${known.join(', ')}.` : `Its jobs have no single data ID (init, final or clustered jobs).`,
  });
}
