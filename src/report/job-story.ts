import type { AttemptRecord } from '../model/attempt.js';
/**
 * What `bps explain RUN JOB` shows: one job's story, one line per event, oldest first, and where it stands
 * now. Both the text and `--json` render this object (schemas/explain.schema.json).
 */
import type { DataId } from '../model/data-id.js';
import type { JobKind } from '../model/job-spec.js';
import type { JobStateName } from '../model/job-state.js';

/** What a story line tells. */
export type StoryEvent =
  | 'created' | 'ready' | 'submitted' | 'started' | 'succeeded' | 'retried' | 'lost' | 'interrupted' | 'failed'
  | 'cancelled' | 'pruned' | 'held' | 'released' | 'adopted' | 'reopened' | 'deferred' | 'handed-back'
  | 'driver-started' | 'driver-ended';

/** A driver as events name it. */
export interface DriverRef {
  readonly pid: number;
  readonly host: string;
  /** The Slurm job (allocation) it ran in. */
  readonly slurmJobId?: string;
}

/** Another job the story names: a parent, or the failed ancestor that pruned this one. */
export interface RelatedJob {
  readonly name: string;
  readonly label: string;
  readonly state: JobStateName;
}

/** One line of the story. Fields other than the first four are present when the event has them. */
export interface StoryLine {
  /** Epoch milliseconds. */
  readonly at: number;
  /** The same instant, ISO 8601 (UTC). */
  readonly time: string;
  readonly event: StoryEvent;
  /** The line as the text shows it, without the time. */
  readonly text: string;
  readonly attempt?: number;
  readonly exitCode?: number | null;
  readonly signal?: string | null;
  /** submitted: the attempt's memory request; retried: the next attempt's (MiB). */
  readonly memoryMiB?: number;
  readonly reason?: string;
  /** pruned: the failed ancestor; ready: the parent that succeeded last. */
  readonly job?: RelatedJob;
  /** The driver that acted (adopted, deferred, handed-back, driver-started, driver-ended). */
  readonly driver?: DriverRef;
  /** The driver that had died before (driver-started, adopted). */
  readonly previousDriver?: DriverRef;
}

/** Where the job stands now. */
export interface StoryNow {
  readonly state: JobStateName;
  readonly text: string;
  readonly parents: {
    readonly total: number;
    readonly succeeded: number;
    /** The parents not succeeded yet, with their states (at most {@link WAITING_SHOWN}). */
    readonly waitingFor: readonly RelatedJob[];
    /** How many parents have not succeeded; more than `waitingFor` lists when over the cap. */
    readonly waiting: number;
  };
}

/** `bps explain RUN JOB`. */
export interface JobStory {
  readonly run: { readonly name: string; readonly id: string; readonly submitDir: string; readonly state: JobStateName; readonly driverAlive: boolean };
  readonly job: {
    readonly name: string;
    readonly label: string;
    readonly state: JobStateName;
    readonly attempts: number;
    readonly dataId: DataId | null;
    /** Quanta it runs (a cluster runs several; init and final jobs none). */
    readonly quanta: number;
    /** The task labels of its quanta, with how many each (a cluster may mix labels). */
    readonly tasks: ReadonlyArray<{ readonly label: string; readonly quanta: number }>;
  };
  readonly events: readonly StoryLine[];
  readonly now: StoryNow;
}

/** How many waiting parents a story lists. */
export const WAITING_SHOWN = 50;

/** An event of the run's log, as the state layer reads it. */
export interface LoggedEvent {
  readonly seq: number;
  readonly at: number;
  readonly jobId: number | null;
  readonly type: string;
  readonly detail: unknown;
}

/** What the story reads of one attempt. Times in epoch milliseconds. */
export type AttemptRow = Pick<AttemptRecord, 'attempt' | 'externalId' | 'memoryMiB' | 'submittedAt' | 'startedAt' | 'endedAt' | 'exitCode' | 'signal'>;

/** The failed ancestor a `pruned` event names, with how it failed. */
export interface FailedAncestor extends RelatedJob {
  readonly reason: string | null;
  readonly exitCode: number | null;
  readonly signal: string | null;
}

/** Everything the story is told from (app/explain.ts reads it from the state file). */
export interface StoryInputs {
  readonly run: JobStory['run'] & { readonly executor: string };
  readonly job: {
    readonly id: number;
    readonly name: string;
    readonly label: string;
    readonly kind: JobKind;
    readonly state: JobStateName;
    readonly attempt: number;
    readonly dataId: DataId | null;
    /** The job's last recorded reason (a Slurm pending reason, a failure). */
    readonly reason: string | null;
  };
  readonly tasks: JobStory['job']['tasks'];
  readonly attempts: readonly AttemptRow[];
  /** The job's events and the run-level ones, oldest first. */
  readonly events: readonly LoggedEvent[];
  /** Its parents with their states, and when each succeeded (null: it has not). */
  readonly parents: ReadonlyArray<RelatedJob & { readonly succeededAt: number | null }>;
  /** The failed ancestor of each `pruned` event, by the event's seq. */
  readonly ancestors: ReadonlyMap<number, FailedAncestor>;
  /** The label's numberOfRetries, to tell "retry 1 of 3". */
  readonly numberOfRetries: number | undefined;
}
