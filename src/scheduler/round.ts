import type { JobHandle, JobOutcome } from '../executors/types.js';
import type { StateCode } from './dag-state.js';

/** One job's change of state within a scheduler round, as the state layer stores it. */
export interface Transition {
  /** Job index (the state layer's job id is index + 1). */
  readonly job: number;
  readonly state: StateCode;
  /** Set when a new attempt was submitted. */
  readonly attempt?: number;
  /** The memory request of the job's next/current attempt (MiB). */
  readonly memoryMiB?: number;
  readonly retriesUsed?: number;
  /** The current attempt's handle (on submit) — or null to clear it (the attempt ended). */
  readonly handle?: JobHandle | null;
  /** How the attempt ended (on finish). */
  readonly outcome?: JobOutcome;
  readonly exitCode?: number | null;
  /** Why: retry reason, failure reason, Slurm pending reason … */
  readonly reason?: string;
  /** Epoch milliseconds. */
  readonly at: number;
}

/** Everything one round changed; committed in ONE transaction (batching is what makes SQLite fast here). */
export interface RoundChanges {
  readonly transitions: readonly Transition[];
}

/** Where a round's changes go (the state layer, through an adapter in app/). */
export interface RoundSink {
  commit(changes: RoundChanges): void;
}
