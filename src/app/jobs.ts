import { attemptFiles } from '../executors/common/run-files.js';
import type { JobStateName } from '../model/job-state.js';
import type { JobListing, JobRow } from '../report/job-list.js';
import type { JobDetails } from '../state/index.js';
import type { AppContext } from './context.js';
import { labelPicker, statesOf, type StatusColumn } from './job-selection.js';
import { findRunDir, openRun } from './run-lookup.js';

/** What `bps jobs` asks for. */
export interface JobsRequest {
  readonly run: string;
  /** A task or cluster label. @default every job */
  readonly label?: string;
  /** States or status-table columns (`FAILED`, `failed`, `pending` …). @default every state */
  readonly states?: readonly string[];
}

/**
 * `bps jobs RUN [LABEL] [--state S]`: the jobs with their names, states, attempts, data IDs, exit codes
 * and log files, so a job can be found without reading `logging/` or the database. From the state file
 * only, like `status`.
 */
export function listJobs(request: JobsRequest, ctx: AppContext): JobListing {
  const submitDir = findRunDir(request.run, ctx);
  const db = openRun(submitDir, { readonly: true });
  try {
    // statesOf checks each name and refuses an unknown one with the list of states and columns.
    const states = request.states === undefined ? undefined : statesOf(request.states as ReadonlyArray<JobStateName | StatusColumn>);
    const filter = states === undefined ? {} : { states };
    const jobs: JobDetails[] = request.label === undefined
      ? db.labels().flatMap((l) => db.jobsByLabel(l.label, filter)).sort((a, b) => a.id - b.id)
      : labelPicker(db, request.label)(filter);
    const run = db.runInfo();
    return {
      run: { name: run.name, id: run.id, submitDir },
      label: request.label ?? null,
      states: states ?? null,
      jobs: jobs.map((job) => jobRow(job, submitDir)),
    };
  } finally {
    db.close();
  }
}

function jobRow(job: JobDetails, submitDir: string): JobRow {
  return {
    name: job.name, label: job.label, state: job.state, attempts: job.attempt, dataId: job.dataId, exitCode: job.exitCode,
    log: job.attempt > 0 ? attemptFiles(submitDir, job.name, job.attempt).stderr : null,
  };
}
