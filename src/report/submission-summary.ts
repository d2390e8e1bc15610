/** What `bps transform` / `bps prepare` return: the run folder and the jobs per label (as a table, or as JSON). */

/** Jobs per label in pipeline order. */
export interface JobCount {
  readonly label: string;
  readonly jobs: number;
  readonly quanta: number;
}

export interface SubmissionSummary {
  readonly submitDir: string;
  readonly runName: string;
  readonly uniqProcName: string;
  readonly quanta: number;
  readonly tasks: number;
  readonly jobCounts: readonly JobCount[];
}
