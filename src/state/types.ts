/**
 * The domain types the state layer hands out and takes in. SQL row shapes (Db*) stay inside the modules
 * that read them; nothing here mentions a column.
 *
 * Job identity, one convention everywhere: a job's **index** is its position in the workflow (0-based,
 * what the scheduler's typed arrays are indexed by); its **id** is `index + 1`, the row id in bps.sqlite
 * and `JobHandle.jobId`. `Transition.job` is an index because the scheduler holds indices.
 */
import type { JobHandle, JobOutcome, SiteSettings } from '../executors/types.js';
import type { DataId } from '../qgraph/types.js';
import type { JobKind, JobState, JobStateName, LabelSpec } from '../workflow/types.js';

export type { SiteSettings } from '../executors/types.js';

/** A job-state code (ctrl_bps WmsStates value). */
export type StateCode = (typeof JobState)[keyof typeof JobState];

/** The run's metadata written at creation. */
export interface RunMeta {
  /** Short unique id; generated with {@link newRunId} when omitted. */
  readonly runId?: string;
  /** The run's name: its outputRun collection. */
  readonly name: string;
  readonly uniqProcName: string;
  /** Absolute path of the run folder. */
  readonly submitDir: string;
  readonly operator: string;
  readonly project: string;
  readonly campaign: string;
  readonly payloadName: string;
  /** The resolved config the run was made from (`<uniqProcName>_config.yaml`). */
  readonly configPath?: string;
  /** The compute site as resolved at submit time, stored so restart needs no config. */
  readonly site: SiteSettings;
  /** @default now */
  readonly createdAt?: Date;
}

/** One job label at creation, in topological order (pipetaskInit first, finalJob last). */
export interface LabelInit {
  readonly label: string;
  readonly kind: JobKind;
  /** Jobs of this label; @default the number of jobs given with this label. */
  readonly count?: number;
  /** Command, resources and retry policy, stored so restart needs no config. */
  readonly spec?: LabelSpec;
}

/** One job at creation; its index is its position in `jobs`. */
export interface JobInit {
  readonly name: string;
  readonly label: string;
  /** Sorted, comma-joined quantum UUIDs (what `{qgraphNodeId}` expands to). */
  readonly quanta: string;
  readonly dataId: DataId | null;
  /** The first attempt's memory request. */
  readonly memoryMiB: number;
  /** Initial state code; @default from `initialStates`, else UNREADY with parents and READY without. */
  readonly state?: StateCode;
}

/** Everything {@link createRunState} writes. */
export interface RunStateInit {
  readonly run: RunMeta;
  readonly labels: readonly LabelInit[];
  /** Jobs in index order; may be a generator, so a million jobs never exist as objects at once. */
  readonly jobs: Iterable<JobInit>;
  /** Parallel arrays of job indices: `from[k]` is a parent of `to[k]`. No duplicate pairs. */
  readonly edges: { readonly from: Uint32Array; readonly to: Uint32Array };
  /** State code per job index; @default UNREADY for jobs with parents, READY for the others. */
  readonly initialStates?: Uint8Array;
}

/** The run row as `status`, `report` and `restart` read it. */
export interface RunRecord {
  readonly id: string;
  readonly name: string;
  readonly uniqProcName: string;
  readonly submitDir: string;
  /** The run's state, a ctrl_bps WmsStates name. */
  readonly state: JobStateName;
  readonly operator: string;
  readonly project: string;
  readonly campaign: string;
  readonly payloadName: string;
  /** Site name. */
  readonly computeSite: string;
  readonly executor: string;
  readonly configPath: string | null;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The last driver that announced itself (informational: the lock is `driver.pid`). */
  readonly driver: DriverInfo | null;
}

export interface DriverInfo {
  readonly pid: number;
  readonly host: string;
  /** ISO 8601. */
  readonly startedAt: string;
}

/** A label in topological order. */
export interface LabelInfo {
  readonly label: string;
  readonly kind: JobKind;
  readonly expected: number;
}

/** One label's jobs counted by state; every state is present, zeros included. */
export interface LabelCounts extends LabelInfo {
  readonly counts: Readonly<Record<JobStateName, number>>;
  readonly total: number;
}

/**
 * What the scheduler keeps in memory, indexed by job index: compact typed arrays plus the edges in CSR
 * form (children of job i are `childList[childStart[i] .. childStart[i+1])`).
 */
export interface SchedulingState {
  readonly jobCount: number;
  readonly labels: readonly LabelInfo[];
  readonly labelOf: Uint16Array;
  readonly state: Uint8Array;
  readonly attempt: Uint16Array;
  readonly retriesUsed: Uint16Array;
  /** The current or next attempt's memory request. */
  readonly memoryMiB: Uint32Array;
  /** Length jobCount + 1. */
  readonly childStart: Uint32Array;
  readonly childList: Uint32Array;
  /** Number of parents per job (all of them, whatever their state). */
  readonly parentCount: Uint32Array;
  /** The finalJob's index; `always` when it has no parents (whenRun ALWAYS: started once all settled). */
  readonly finalJob: { readonly index: number; readonly always: boolean } | undefined;
}

/** One job's details, fetched on demand. */
export interface JobDetails {
  readonly id: number;
  readonly index: number;
  readonly name: string;
  readonly label: string;
  readonly quanta: string;
  readonly dataId: DataId | null;
  readonly state: JobStateName;
  readonly attempt: number;
  readonly memoryMiB: number;
  readonly exitCode: number | null;
  readonly reason: string | null;
}

/** A job an earlier driver left queued or running: its handle, plus what to show. */
export interface InFlightJob extends JobHandle {
  readonly name: string;
  readonly label: string;
  readonly state: JobStateName;
  /** The last recorded reason (Slurm's PENDING reason while queued). */
  readonly reason: string | null;
}

/** A FAILED job, as `bps report` lists it. */
export interface FailedJob {
  readonly id: number;
  readonly index: number;
  readonly name: string;
  readonly label: string;
  readonly dataId: DataId | null;
  readonly exitCode: number | null;
  readonly attempt: number;
  readonly reason: string | null;
}

/** One attempt of one job. Times are epoch milliseconds. */
export interface AttemptRecord {
  readonly attempt: number;
  readonly externalId: string | null;
  readonly memoryMiB: number | null;
  readonly submittedAt: number | null;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  /** A `JobOutcome` kind, or null while the attempt is open. */
  readonly outcome: string | null;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly reason: string | null;
}

/** An entry of the run's append-only event log. */
export interface StateEvent {
  readonly seq: number;
  /** Epoch milliseconds. */
  readonly at: number;
  /** Job id, or null for run-level events. */
  readonly jobId: number | null;
  readonly type: string;
  readonly detail: unknown;
}

/**
 * One job's change within a scheduler round: the scheduler's port (scheduler/round.ts), which this layer
 * implements. `attempt` set: a new attempt starts; `handle` set: its external id became known; `outcome`
 * set: it ended so. A job leaving PENDING/RUNNING/HELD without an outcome closes its attempt as
 * 'cancelled' (DELETED) or 'lost'.
 */
import type { Transition } from '../scheduler/round.js';
export type { Transition };

/** An event to append as is. */
export interface NewEvent {
  /** Job index, if the event is about one job. */
  readonly job?: number;
  readonly type: string;
  readonly detail?: unknown;
  /** Epoch milliseconds. */
  readonly at: number;
}

/** Everything one scheduler round changed; {@link RunDatabase.applyRound} commits it in ONE transaction. */
export interface RoundChanges {
  readonly transitions: readonly Transition[];
  readonly events?: readonly NewEvent[];
  /** The run's new state, if it changed. */
  readonly runState?: JobStateName;
}

/**
 * The scheduler's state in the edge-list form app/drive.ts still reads ({@link SchedulingState} carries
 * the same in CSR form). Kept until the driver moves to `loadSchedulingState`.
 */
export interface SchedulingSnapshot {
  readonly labels: readonly string[];
  readonly labelOf: Uint16Array;
  readonly states: Uint8Array;
  readonly attempt: Uint16Array;
  readonly retriesUsed: Uint16Array;
  readonly memoryMiB: Uint32Array;
  readonly edgeFrom: Uint32Array;
  readonly edgeTo: Uint32Array;
  readonly finalJob: { readonly index: number; readonly always: boolean } | undefined;
}
