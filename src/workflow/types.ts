/** Resources one job asks for. */
export interface JobResources {
  /** CPU cores. @default 1 */
  readonly requestCpus: number;
  /** Memory in MiB. @default 2048 */
  readonly requestMemory: number;
  /** Wall time in seconds; undefined = no limit. */
  readonly requestWalltime: number | undefined;
  /** Scratch disk in MiB; undefined = not requested. */
  readonly requestDisk: number | undefined;
}

/** ctrl_bps's retry policy for one label (reference/ctrl_bps.md §2.1, §4.2). */
export interface RetryPolicy {
  /** How many times a failed job is run again. @default 5 */
  readonly numberOfRetries: number;
  /** Exit codes that are never retried (1 = science failure, 2 = usage error). @default [1, 2] */
  readonly retryUnlessExit: readonly number[];
  /** Factor applied to the memory request when a job is killed by a signal (usually OOM). @default 2 */
  readonly memoryMultiplier: number;
  /** The memory request never grows past this, in MiB. @default 491520 */
  readonly memoryLimit: number;
}

/** `finalJob.whenRun`: ALWAYS runs after everything settled, even after failures; SUCCESS only if all succeeded. */
export type FinalJobWhen = 'ALWAYS' | 'SUCCESS' | 'NEVER';

export type JobKind = 'init' | 'payload' | 'final';

/**
 * What all jobs of one label share, resolved once per label (ctrl_bps caches per-label lookups for the
 * same reason, DM-32241): the command and its settings. `command` is already split into argv words;
 * words may still hold the per-job placeholders of {@link PER_JOB_VARIABLES}, filled in by `jobArgv`.
 */
export interface LabelSpec {
  readonly label: string;
  readonly kind: JobKind;
  readonly command: readonly string[];
  readonly resources: JobResources;
  readonly retry: RetryPolicy;
  /** Extra environment for the job's process (the config's `environment` map). */
  readonly environment: Readonly<Record<string, string>>;
}

/** Per-job placeholders kept in a label's command until a job is launched. */
export const PER_JOB_VARIABLES = ['qgraphNodeId', 'jobName'] as const;

/** One job of the workflow: a cluster of quanta of one label (one quantum for now), or the init/final job. */
export interface Job {
  /** Unique name, `<uuid>_<label>_<templateDataId values>` for payload jobs; also the log-file stem. */
  readonly name: string;
  readonly label: string;
  /** Indices into `QuantumGraph.quanta`; empty for init and final jobs. */
  readonly quanta: readonly number[];
}

/**
 * The job DAG (ctrl_bps's GenericWorkflow), pure data. Edges are parallel arrays of job indices.
 * A `finalJob` with whenRun ALWAYS has no edges: the scheduler starts it once every other job settled.
 */
export interface Workflow {
  /** The run's uniqProcName. */
  readonly name: string;
  readonly jobs: readonly Job[];
  /** Job labels in topological order: pipetaskInit first, task labels, finalJob last. */
  readonly labels: readonly string[];
  readonly labelSpecs: ReadonlyMap<string, LabelSpec>;
  readonly edgeFrom: Uint32Array;
  readonly edgeTo: Uint32Array;
  /** Index of the final job in `jobs` and when it runs; undefined when whenRun is NEVER. */
  readonly finalJob: { readonly index: number; readonly whenRun: Exclude<FinalJobWhen, 'NEVER'> } | undefined;
}

/** Job states, with ctrl_bps's WmsStates names; the values are `bps status --exit-code` codes. */
export const JobState = {
  SUCCEEDED: 0,
  UNKNOWN: 10,
  MISFIT: 11,
  UNREADY: 12,
  READY: 13,
  PENDING: 14,
  RUNNING: 15,
  DELETED: 16,
  HELD: 17,
  FAILED: 19,
  PRUNED: 20,
} as const;
export type JobStateName = keyof typeof JobState;
