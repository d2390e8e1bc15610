/** One scheduler round's changes: what the scheduler produces and the state layer commits in one transaction. */
import type { JobStateName, StateCode } from './job-state.js';
import type { JobHandle, JobOutcome, ResourceUsage } from './outcome.js';

/**
 * One job's change within a round. `attempt` set: a new attempt starts; `handle` set: its external id
 * became known, null: cleared (the attempt ended); `outcome` set: it ended so. A job leaving
 * PENDING/RUNNING/HELD without an outcome closes its attempt as 'cancelled' (DELETED) or 'lost'.
 */
export interface Transition {
  /** Job index (the state layer's job id is index + 1). */
  readonly job: number;
  readonly state: StateCode;
  readonly attempt?: number;
  /** The memory request of the job's next/current attempt (MiB). */
  readonly memoryMiB?: number;
  readonly retriesUsed?: number;
  readonly handle?: JobHandle | null;
  readonly outcome?: JobOutcome;
  /** With `outcome`: what the attempt used, as far as its executor measured it. */
  readonly usage?: ResourceUsage;
  readonly exitCode?: number | null;
  /** Why: retry reason, failure reason, Slurm pending reason … */
  readonly reason?: string;
  /** PRUNED: the index of the failed ancestor that pruned it, logged with the event (`bps explain` names it). */
  readonly ancestor?: number;
  /** Epoch milliseconds. */
  readonly at: number;
}

/** An event to append to the run's log as is. */
export interface NewEvent {
  /** Job index, if the event is about one job. */
  readonly job?: number;
  readonly type: string;
  readonly detail?: unknown;
  /** Epoch milliseconds. */
  readonly at: number;
}

/** What an attempt that already ended used, learnt after its end (batch accounting lags). */
export interface AttemptUsage {
  /** Job index. */
  readonly job: number;
  readonly attempt: number;
  readonly usage: ResourceUsage;
}

/** Everything one round changed; committed in ONE transaction (batching is what makes SQLite fast here). */
export interface RoundChanges {
  readonly transitions: readonly Transition[];
  readonly events?: readonly NewEvent[];
  /** Usage of attempts closed in earlier rounds. */
  readonly usage?: readonly AttemptUsage[];
  /** The run's new state, if it changed. */
  readonly runState?: JobStateName;
}
