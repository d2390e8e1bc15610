/** What the jobs of one label ask for and how they are retried: resolved from the config once per label. */

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

/** ctrl_bps's retry policy for one label (docs/CONFIG.md, "Retries"). */
export interface RetryPolicy {
  /** How many times a failed job is run again. @default 5 */
  readonly numberOfRetries: number;
  /** Exit codes that are never retried (1 = science failure, 2 = usage error). @default [1, 2] */
  readonly retryUnlessExit: readonly number[];
  /** Factor applied to the memory request when a job is killed by a signal (usually OOM). @default 2 */
  readonly memoryMultiplier: number;
  /** The memory request never grows past this, in MiB. @default 491520 */
  readonly memoryLimit: number;
  /**
   * Size memory requests from what the label's jobs used so far in this run (scheduler/memory-sizing.ts).
   * Absent in the specs of runs made before it existed. @default false
   */
  readonly learnResources?: boolean;
}

/** `finalJob.whenRun`: ALWAYS runs after everything settled, even after failures; SUCCESS only if all succeeded. */
export type FinalJobWhen = 'ALWAYS' | 'SUCCESS' | 'NEVER';

export type JobKind = 'init' | 'payload' | 'final';

/**
 * What all jobs of one label share, resolved once per label (ctrl_bps caches per-label lookups for the
 * same reason, DM-32241): the command and its settings. `command` is already split into argv words;
 * words may still hold the per-job placeholders of {@link PER_JOB_VARIABLES}, filled in at launch.
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

/** Per-job placeholders kept in a label's command until a job is launched (they differ per job, not per label). */
export const PER_JOB_VARIABLES = ['qgraphNodeId', 'jobName'] as const;

/** The label of the init job (ctrl_bps's pipetaskInit), whose command takes no quantum ids. */
export const INIT_LABEL = 'pipetaskInit';

/** The label of the final job in messages and reports. */
export const FINAL_LABEL = 'finalJob';
