/**
 * The contract every executor implements (docs/ARCHITECTURE.md, "Executors"). Executors own no loop: the
 * scheduler calls `submit` with ready jobs and `poll` once per round, paces the rounds, and does all
 * retries and state writes itself (after snakemake's executor interface). A per-job failure is an
 * outcome, never a throw.
 */
import type { JobHandle, JobOutcome, ResourceUsage } from '../model/outcome.js';

export type { JobHandle, JobOutcome, ResourceUsage } from '../model/outcome.js';

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
  /**
   * Seconds the job is expected to run: its requestWalltime, else the longest succeeded attempt of its
   * label in this run so far; undefined while neither is known (see {@link JobRequest}).
   */
  readonly expectedSec?: number;
  /** `logging/<name>.<attempt>.out` */
  readonly stdoutPath: string;
  /** `logging/<name>.<attempt>.err` */
  readonly stderrPath: string;
  /** `logging/<name>.<attempt>.exit`, written by the job's own wrapper when it ends. */
  readonly exitPath: string;
}

/** Something that happened to a job since the last poll. */
export type JobEvent =
  | { readonly type: 'started'; readonly handle: JobHandle; readonly at: number }
  /** `usage`: what the attempt used, when its executor knew it by the end. */
  | { readonly type: 'finished'; readonly handle: JobHandle; readonly outcome: JobOutcome; readonly at: number; readonly usage?: ResourceUsage }
  /** What an attempt that already finished used, learnt later (batch accounting lags behind a job's end). */
  | { readonly type: 'usage'; readonly handle: JobHandle; readonly usage: ResourceUsage }
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

/** What the scheduler asks an executor about a job before handing it over ({@link Executor.admit}). */
export interface JobRequest {
  readonly cpus: number;
  /** MiB. */
  readonly memoryMiB: number;
  /** As {@link JobLaunch.expectedSec}. */
  readonly expectedSec: number | undefined;
}

/**
 * An executor's answer to {@link Executor.admit}. None of them uses up a retry: a job not admitted stays
 * READY. `now` reserves what the job asked for until the same round's `submit`, which always follows.
 */
export type Admission =
  | { readonly kind: 'now' }
  /** No room at the moment (cores or memory busy): asked again in a later round. */
  | { readonly kind: 'later' }
  /**
   * It cannot end before this executor's capacity does (the job's expected run time is longer than what is
   * left of an allocation): it waits for a later driver. Once only such jobs are ready and nothing runs,
   * `Driver.run` ends with `{kind: 'stopped', mode: 'yield'}` and the run stays RUNNING.
   */
  | { readonly kind: 'elsewhere'; readonly reason: string }
  /** It can never run on this site (a walltime longer than any allocation of it): the job fails. */
  | { readonly kind: 'never'; readonly reason: string };

/** How often the scheduler should poll an executor (it owns the pace: docs/ARCHITECTURE.md, "Polling"). */
export interface PollPace {
  /** Shortest wait between rounds, right after something changed (ms). */
  readonly minMs: number;
  /** Longest wait between rounds while nothing changes (ms); quiet rounds grow the wait by half up to it. */
  readonly maxMs: number;
}

export interface ExecutorCapabilities {
  /** Jobs keep running when the driver dies, and can be adopted by a later driver. */
  readonly survivesDriver: boolean;
  /**
   * `waitForActivity` returns as soon as a job ends (the local pool hears its children); otherwise the
   * executor can only learn by polling and `waitForActivity` simply waits.
   */
  readonly wakesOnActivity: boolean;
  readonly pace: PollPace;
}

export interface Executor {
  readonly name: string;
  readonly capabilities: ExecutorCapabilities;
  /** How many more jobs `submit` will take now; the scheduler never hands over more (the window). */
  freeSlots(): number;
  /** Whether a job with these resources could ever run here (so it can fail clearly instead of waiting forever). */
  fits(cpus: number, memoryMiB: number): boolean;
  /**
   * Optional: whether a job may be handed over now, asked for each job after `fits` and before `submit`.
   * Executors that pack jobs onto their own resources (the allocation executor: cores and memory per
   * node, the allocation's remaining time) answer here instead of queueing jobs blindly; without it every
   * job is taken, up to `freeSlots()`.
   */
  admit?(request: JobRequest): Admission;
  submit(jobs: readonly JobLaunch[]): Promise<SubmitResult[]>;
  /** Events for every job this executor holds, since the last call. */
  poll(): Promise<JobEvent[]>;
  /** Resolves when `poll()` has something new to report, or after `timeoutMs` at the latest. */
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
  | { readonly handle: JobHandle; readonly status: 'finished'; readonly outcome: JobOutcome; readonly usage?: ResourceUsage }
  | { readonly handle: JobHandle; readonly status: 'gone' };
