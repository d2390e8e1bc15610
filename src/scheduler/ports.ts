import type { JobLaunch } from '../executors/types.js';
import type { RetryPolicy } from '../workflow/types.js';

/** What the scheduler needs to know about a job to launch it, without holding every job's strings itself. */
export interface JobCatalog {
  /** The full launch description of one attempt. */
  launch(job: number, attempt: number, memoryMiB: number): JobLaunch;
  cpus(job: number): number;
  policy(job: number): RetryPolicy;
  /** For messages: the job's name and label. */
  describe(job: number): { readonly name: string; readonly label: string };
}
