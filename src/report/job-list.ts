import type { DataId } from '../model/data-id.js';
import type { JobStateName } from '../model/job-state.js';

/** One job as `bps jobs` lists it. */
export interface JobRow {
  /** The job's full name (what `bps logs` and `getJobs` use). */
  readonly name: string;
  /** Its job label: a task label, or a cluster label. */
  readonly label: string;
  readonly state: JobStateName;
  /** Attempts made so far (0: never started). */
  readonly attempts: number;
  /** Its data ID; null for pipetaskInit and finalJob. */
  readonly dataId: DataId | null;
  /** The exit code of its last attempt; null while none ended with one. */
  readonly exitCode: number | null;
  /** The stderr file of its last attempt (pipetask logs there); null before the first attempt. */
  readonly log: string | null;
}

/** What `bps jobs RUN [LABEL] [--state S]` returns: the table and `--json` render this. */
export interface JobListing {
  readonly run: { readonly name: string; readonly id: string; readonly submitDir: string };
  /** The task or cluster label asked for; null: every job. */
  readonly label: string | null;
  /** The states asked for (a column such as `failed` stands for FAILED and DELETED); null: every state. */
  readonly states: readonly JobStateName[] | null;
  /** In job order (the DAG's). */
  readonly jobs: readonly JobRow[];
}
