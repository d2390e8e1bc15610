/** What `bps cluster` / `bps transform` / `bps prepare` return: the run folder and the jobs per label (as a table, or as JSON). */

/** Jobs (or clusters) per label in pipeline order. */
export interface JobCount {
  readonly label: string;
  readonly jobs: number;
  readonly quanta: number;
  /** `bps cluster`: the task labels of a cluster label. */
  readonly tasks?: readonly string[];
}

export interface SubmissionSummary {
  readonly submitDir: string;
  readonly runName: string;
  readonly uniqProcName: string;
  readonly quanta: number;
  readonly tasks: number;
  /** What `jobCounts[].jobs` counts: jobs (transform, prepare) or clusters (`bps cluster`). */
  readonly unit: 'jobs' | 'clusters';
  readonly jobCounts: readonly JobCount[];
}
