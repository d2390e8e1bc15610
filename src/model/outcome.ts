/** How an attempt ended, and how its executor finds it again: what executors report and the state stores. */

/** How one attempt ended. */
export type JobOutcome =
  | { readonly kind: 'exited'; readonly exitCode: number }
  /** Killed by a signal (e.g. OOM killer): retried with more memory. */
  | { readonly kind: 'signaled'; readonly signal: string }
  /** Batch-system endings that say nothing about the payload. */
  | { readonly kind: 'timeout' }
  | { readonly kind: 'out-of-memory' }
  /** The node or the batch system lost the job (NODE_FAIL, PREEMPTED, vanished): rerun without using a retry. */
  | { readonly kind: 'lost'; readonly reason: string }
  | { readonly kind: 'cancelled'; readonly reason: string };

/**
 * What one attempt used, as far as its executor measured it (docs/ARCHITECTURE.md, "Learned resources").
 * Every field is optional: an executor reports what it cheaply knows (Slurm's accounting may have no
 * MaxRSS; a wrapper on an unknown architecture no peak).
 */
export interface ResourceUsage {
  /**
   * Peak resident memory, MiB: the local wrapper's getrusage of its children (the largest process of the
   * job), or the tree it sampled when it enforces memory; Slurm's MaxRSS (its largest step).
   */
  readonly maxRssMiB?: number;
  /** Seconds the payload ran, as its wrapper or Slurm's accounting (Elapsed) timed it. */
  readonly wallSec?: number;
  /** CPU seconds (user + system) of the payload's processes (Slurm's TotalCPU). */
  readonly cpuSec?: number;
}

/** How the executor knows a job it started: enough to find it again after the driver died. */
export interface JobHandle {
  /** The job's id in the run's state (job index + 1). */
  readonly jobId: number;
  readonly attempt: number;
  /** Local: the wrapper's pid; Slurm: the Slurm job id. '' while the executor has not named it yet. */
  readonly externalId: string;
  /**
   * Whatever else the executor needs to recognise the attempt later, opaque to everyone else and stored
   * as is (local: the wrapper's start time in clock ticks, to tell a reused pid apart).
   */
  readonly detail?: string;
  /** `logging/<job>.<attempt>.exit`, written by the job's wrapper when it ends. */
  readonly exitPath: string;
}

/** An attempt that ended without success, and what happens next (for progress lines and `--json` events). */
export interface AttemptFailure {
  /** Job index. */
  readonly job: number;
  readonly name: string;
  readonly label: string;
  readonly outcome: JobOutcome;
  /** True when the job failed for good; false when it will be retried. */
  readonly final: boolean;
  readonly reason: string;
}
