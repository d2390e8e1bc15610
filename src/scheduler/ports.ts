/** What the scheduler needs from the rest of the program, as interfaces it owns (implemented in app/). */
import type { JobLaunch } from '../executors/contract.js';
import type { RetryPolicy } from '../model/job-spec.js';
import type { RoundChanges } from '../model/transition.js';

/** What the scheduler needs to know about a job to launch it, without holding every job's strings itself. */
export interface JobCatalog {
  /** The full launch description of one attempt. */
  launch(job: number, attempt: number, memoryMiB: number): JobLaunch;
  cpus(job: number): number;
  /**
   * Seconds the job is expected to run: its requestWalltime, else the longest succeeded attempt of its
   * label in this run so far (docs/SLURM.md, "Walltime"); undefined while neither is known.
   */
  expectedSeconds(job: number): number | undefined;
  /** A job succeeded after running `seconds` (what later jobs of its label are expected to take). */
  recordRunTime(job: number, seconds: number): void;
  /**
   * The largest peak memory (MiB) of the attempts of this job's label in this run that succeeded or ran
   * out of memory (what learnResources sizes requests from); undefined while none reported one.
   */
  peakMemory(job: number): number | undefined;
  /** An attempt of this job that succeeded or ran out of memory peaked at `maxRssMiB`. */
  recordPeakMemory(job: number, maxRssMiB: number): void;
  policy(job: number): RetryPolicy;
  /** For messages: the job's name and label. */
  describe(job: number): { readonly name: string; readonly label: string };
}

/** Where a round's changes go (the state layer): committed in ONE transaction. */
export interface RoundSink {
  applyRound(changes: RoundChanges): void;
}
