/**
 * The domain types the state layer hands out and takes in. SQL row shapes (Db*) stay inside the modules
 * that read them; nothing here mentions a column.
 *
 * Job identity, one convention everywhere: a job's **index** is its position in the workflow (0-based,
 * what the scheduler's typed arrays are indexed by); its **id** is `index + 1`, the row id in bps.sqlite
 * and `JobHandle.jobId`. `Transition.job` is an index because the scheduler holds indices.
 */
import type { DataId } from '../model/data-id.js';
import type { JobKind, LabelSpec } from '../model/job-spec.js';
import type { JobStateName, StateCode } from '../model/job-state.js';
import type { JobHandle } from '../model/outcome.js';
import type { LabelInfo } from '../model/scheduling-state.js';
import type { StoredSite } from '../model/site.js';

export type { LabelInfo, SchedulingState } from '../model/scheduling-state.js';
export type { NewEvent, RoundChanges, Transition } from '../model/transition.js';
export type { StoredSite } from '../model/site.js';

/** The run's metadata written at creation. */
export interface RunMeta {
  /** Short unique id; generated with `newRunId` when omitted. */
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
  readonly site: StoredSite;
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
  /** The job's wall time request (seconds); @default none */
  readonly walltimeSec?: number;
  /**
   * The task labels of the job's quanta and how many quanta each (a cluster may hold several);
   * @default for a payload job, its own label with the quanta of `quanta`; for init and final jobs, none
   */
  readonly tasks?: ReadonlyArray<readonly [string, number]>;
  /** Initial state code; @default from `initialStates`, else UNREADY with parents and READY without. */
  readonly state?: StateCode;
}

/** Everything `createRunState` writes. */
export interface RunStateInit {
  readonly run: RunMeta;
  readonly labels: readonly LabelInit[];
  /** Task labels in pipeline order; @default the payload job labels (one quantum per job, no clusters). */
  readonly tasks?: readonly string[];
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

/** One task label's quanta counted by their jobs' states; every state is present, zeros included. */
export interface TaskCounts {
  readonly label: string;
  readonly counts: Readonly<Record<JobStateName, number>>;
  readonly total: number;
}

/** One label's jobs counted by state; every state is present, zeros included. */
export interface LabelCounts extends LabelInfo {
  readonly counts: Readonly<Record<JobStateName, number>>;
  readonly total: number;
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

export type { AttemptRecord } from '../model/attempt.js';

/**
 * One job label's attempts that succeeded, as `bps report` summarises them: each one's memory request
 * (MiB), and what it used where known (peak memory MiB, CPU s, run time s); plus the attempts that ended
 * out of memory.
 */
export interface LabelUsageSample {
  readonly label: string;
  readonly requestedMiB: number[];
  readonly maxRssMiB: number[];
  readonly cpuSec: number[];
  readonly runSec: number[];
  readonly outOfMemory: number;
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
