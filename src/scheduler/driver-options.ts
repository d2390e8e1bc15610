/** How the driver loop is set up and how it ends (scheduler/driver.ts). */
import type { Executor } from '../executors/contract.js';
import type { AttemptFailure } from '../model/outcome.js';
import type { SchedulingState } from '../model/scheduling-state.js';
import type { DagState } from './dag-state.js';
import type { JobCatalog, RoundSink } from './ports.js';

export interface DriverOptions {
  /** The run as loaded from its state; the driver updates these arrays in place. */
  readonly run: SchedulingState;
  readonly catalog: JobCatalog;
  readonly executor: Executor;
  readonly sink: RoundSink;
  readonly now?: () => number;
  /** Called after every committed round (progress display), with the loop's view of the DAG. */
  readonly onRound?: (driver: { readonly dag: DagState }) => void;
  /** Called for every attempt that ended without success, with what happens next. */
  readonly onFailure?: (failure: AttemptFailure) => void;
  /** Called when an attempt seen starting ends, with its run time (the progress ETA learns from these). */
  readonly onRunTime?: (job: number, seconds: number) => void;
  /**
   * Run only these jobs (by index) and the ancestors they still need (scheduler/selection.ts); every other
   * job keeps its state for a later run. @default every job
   */
  readonly only?: ReadonlySet<number>;
}

/** The driver before this one, when it died without clearing its record (SIGKILL, a node lost): named in 'adopted' events. */
export interface PreviousDriver {
  readonly pid: number;
  readonly host: string;
  /** ISO 8601. */
  readonly startedAt: string;
  /** The Slurm job (allocation) it ran in, if any. */
  readonly slurmJobId?: string;
}

/** How the loop ended. */
export type DriverResult = { readonly kind: 'finished' } | { readonly kind: 'stopped'; readonly mode: StopMode };

/**
 * interrupt: jobs in flight are stopped and requeued for `bps restart`; cancel: they become DELETED;
 * yield: the loop's own end when the executor can start none of the jobs left (an allocation's remaining
 * time is too short for all of them) and nothing runs: nothing is stopped and the run stays RUNNING for a
 * later driver. Only the first two are asked for from outside (`Driver.stop`).
 */
export type StopMode = 'interrupt' | 'cancel' | 'yield';
