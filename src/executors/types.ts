/**
 * The contract every executor (local pool, Slurm) implements. Executors own no loop: the scheduler calls
 * `submit` with ready jobs and `poll` once per round, and does all retries and state writes itself
 * (STYLE.md rule 6, after snakemake's executor interface). A per-job failure is an outcome, never a throw.
 */

/** Everything an executor needs to run one attempt of one job. */
export interface JobLaunch {
  /** The job's row id in the run's state; opaque to the executor, echoed back in events. */
  readonly jobId: number;
  /** Job name; the stem of its log files. */
  readonly name: string;
  readonly label: string;
  /** Attempt number, 1 for the first run. */
  readonly attempt: number;
  /** argv, already fully resolved; run without a shell. */
  readonly argv: readonly string[];
  /** Extra environment variables for the job. */
  readonly env: Readonly<Record<string, string>>;
  readonly cpus: number;
  /** MiB. */
  readonly memoryMiB: number;
  /** Seconds; undefined = none. */
  readonly walltimeSec: number | undefined;
  /** `logging/<name>.<attempt>.out` */
  readonly stdoutPath: string;
  /** `logging/<name>.<attempt>.err` */
  readonly stderrPath: string;
  /** `logging/<name>.<attempt>.exit`, written by the job's own wrapper when it ends. */
  readonly exitPath: string;
}

/** How the executor knows a job it started: enough to find it again after the driver died. */
export interface JobHandle {
  readonly jobId: number;
  readonly attempt: number;
  /** Local: the wrapper's pid; Slurm: the Slurm job id. */
  readonly externalId: string;
  /** Local: the process start time (clock ticks since boot, /proc/<pid>/stat field 22) to tell pid reuse apart. */
  readonly startTicks?: number;
  readonly exitPath: string;
}

/** How one attempt ended. */
export type JobOutcome =
  | { readonly kind: 'exited'; readonly exitCode: number }
  /** Killed by a signal (e.g. OOM killer): retried with more memory. */
  | { readonly kind: 'signaled'; readonly signal: string }
  /** Slurm-side endings that say nothing about the payload. */
  | { readonly kind: 'timeout' }
  | { readonly kind: 'out-of-memory' }
  /** The node or the batch system lost the job (NODE_FAIL, PREEMPTED, vanished): rerun without using a retry. */
  | { readonly kind: 'lost'; readonly reason: string }
  | { readonly kind: 'cancelled'; readonly reason: string };

/** Something that happened to a job since the last poll. */
export type JobEvent =
  | { readonly type: 'started'; readonly handle: JobHandle; readonly at: number }
  | { readonly type: 'finished'; readonly handle: JobHandle; readonly outcome: JobOutcome; readonly at: number }
  /** Still queued in the batch system, with the reason it waits (Slurm PENDING reasons, HELD). */
  | { readonly type: 'waiting'; readonly handle: JobHandle; readonly reason: string; readonly held: boolean };

/** The result of submitting one job: a handle, or why it could not be submitted (not retried by the executor). */
export type SubmitResult =
  | { readonly ok: true; readonly handle: JobHandle }
  | {
      readonly ok: false;
      readonly jobId: number;
      readonly attempt: number;
      readonly error: string;
      /** The batch system was unreachable, not the job wrong: submit it again later, without using a retry. */
      readonly retryLater?: boolean;
    };

export interface ExecutorCapabilities {
  /** Jobs keep running when the driver dies, and can be adopted by a later driver. */
  readonly survivesDriver: boolean;
  /**
   * `waitForActivity` returns as soon as a job ends (the local pool hears its children); otherwise the
   * executor paces its own polls (Slurm's backoff) and the scheduler should not cut its waits short.
   */
  readonly wakesOnActivity: boolean;
}

export interface Executor {
  readonly name: string;
  readonly capabilities: ExecutorCapabilities;
  /** How many more jobs `submit` will take now; the scheduler never hands over more (the window). */
  freeSlots(): number;
  /** Whether a job with these resources could ever run here (so it can fail clearly instead of waiting forever). */
  fits(cpus: number, memoryMiB: number): boolean;
  submit(jobs: readonly JobLaunch[]): Promise<SubmitResult[]>;
  /** Events for every job this executor holds, since the last call. */
  poll(): Promise<JobEvent[]>;
  /**
   * Resolves when `poll()` has something new to report, or after `timeoutMs` at the latest. Lets the
   * scheduler react to a local job's end at once instead of sleeping a fixed poll interval; an executor
   * that can only learn by polling (Slurm) just waits the timeout.
   */
  waitForActivity(timeoutMs: number): Promise<void>;
  /**
   * Take over jobs started by an earlier driver. Returns, per handle, whether it is still alive (and now
   * watched), or already finished (with its outcome), or gone without a trace.
   */
  adopt(handles: readonly JobHandle[]): Promise<AdoptResult[]>;
  /** Stop these jobs (their process groups / `scancel`); their end is reported by later polls. */
  cancel(handles: readonly JobHandle[]): Promise<void>;
  /** Release resources (timers, helper processes). Running jobs are left alone unless cancelled first. */
  close(): Promise<void>;
}

export type AdoptResult =
  | { readonly handle: JobHandle; readonly status: 'alive' }
  | { readonly handle: JobHandle; readonly status: 'finished'; readonly outcome: JobOutcome }
  | { readonly handle: JobHandle; readonly status: 'gone' };

/** A compute site as the executors need it, stored with the run so restart needs no config.
 * Defined here because it is what executors are made from; config/ resolves it, state/ stores it. */
export interface SiteSettings {
  readonly name: string;
  readonly executor: 'local' | 'slurm';
  /** Local: process slots. */
  readonly maxJobs?: number;
  /** Local: cores and memory (MiB) the pool may hand out. */
  readonly cores?: number;
  readonly memoryMiB?: number;
  /** Everything else (Slurm options …). */
  readonly options: Readonly<Record<string, unknown>>;
}
