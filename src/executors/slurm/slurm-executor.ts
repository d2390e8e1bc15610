import { userInfo } from 'node:os';
import type { Logger } from '../../log/logger.js';
import type { JobHandle, JobOutcome, ResourceUsage } from '../../model/outcome.js';
import { firstLine, SlurmClient } from '../../slurm/client.js';
import { classifySlurmRecord, type SlurmPhase } from '../../slurm/job-phase.js';
import type { AdoptResult, Executor, ExecutorCapabilities, JobEvent, JobLaunch, PollPace, SubmitResult } from '../contract.js';
import { jobsDir, readExitFile } from '../common/run-files.js';
import type { SacctRecord } from '../../slurm/sacct.js';
import { HistoryReader } from './history.js';
import { observe, type Watched } from './job-watch.js';
import { attemptKey, QueueReader } from './queue-listing.js';
import type { SlurmSettings } from './settings.js';
import { SUBMIT_CONCURRENCY, submitJobs } from './submission.js';

/**
 * How long a job settled from its exit file waits, by default, for accounting to record its end (and what
 * it used): slurmdbd lags behind slurmctld by seconds, more on a busy controller.
 */
const USAGE_WAIT_MS = 60_000;

/**
 * How often, at most, sacct is asked only for what jobs used: every job settled from its exit file waits
 * for it, so asking every round would double the round's client calls (a sacct per poll on a busy
 * controller for figures nobody waits on). A round that asks sacct anyway, or the run's tail (nothing
 * left in Slurm), asks at once.
 */
const USAGE_ASK_EVERY_MS = 30_000;

export interface SlurmExecutorOptions {
  readonly siteName: string;
  /** The run's id: part of every Slurm job name, so a restarted driver finds its jobs by name. */
  readonly runId: string;
  /** Batch scripts go to `<submitDir>/jobs/`. */
  readonly submitDir: string;
  readonly settings: SlurmSettings;
  /** At most this many jobs held by Slurm at once. */
  readonly maxQueued: number;
  /** How often the scheduler should poll. */
  readonly pace: PollPace;
  /** Polls a job may stay unknown to squeue, sacct and scontrol, with no exit file, before it counts as lost. @default 3 */
  readonly missesBeforeLost?: number;
  /** …and for at least this long (ms). @default 60000 */
  readonly lostAfterMs?: number;
  /** How long a job settled from its exit file waits for accounting to say what it used (ms). @default 60000 */
  readonly usageWaitMs?: number;
  /** How often, at most, a round asks sacct for usage alone (ms). @default 30000 */
  readonly usageAskEveryMs?: number;
  readonly client?: SlurmClient;
  /** Environment of Slurm's client commands. @default this process's */
  readonly env?: NodeJS.ProcessEnv;
  readonly user?: string;
  readonly logger?: Logger;
}

/**
 * Runs jobs as Slurm batch jobs (one `sbatch` script per attempt under `jobs/`, arrays for jobs ready
 * together), within a window of `maxQueued` jobs, and learns their fate with ONE `squeue` per poll for the
 * whole run; jobs that left the queue are settled from their exit file, else from one batched `sacct`,
 * else (accounting disabled) one `scontrol show job` listing (docs/SLURM.md, "Polling"). Slurm keeps
 * jobs when the driver dies, so a restarted driver adopts them by id or by name.
 */
export class SlurmExecutor implements Executor {
  readonly name: string;
  readonly capabilities: ExecutorCapabilities;
  readonly client: SlurmClient;
  private readonly options: SlurmExecutorOptions;
  private readonly watched = new Map<number, Watched>();
  private readonly user: string;
  private readonly queue: QueueReader;
  private readonly history: HistoryReader;
  /**
   * Jobs settled from their exit files, whose usage a round's one sacct asks (at most every
   * {@link USAGE_ASK_EVERY_MS} unless the round asks sacct anyway), again while accounting has not recorded
   * their end (it lags), for {@link USAGE_WAIT_MS}; with when they were settled.
   */
  private readonly usageDue = new Map<number, { handle: JobHandle; since: number }>();
  private settledNow: JobHandle[] = [];
  private lastUsageAsk = 0;
  /** Polling rounds and the client calls they made (the benchmark's "calls per round"). */
  readonly pollStats = { rounds: 0, calls: 0, maxCallsPerRound: 0 };

  constructor(options: SlurmExecutorOptions) {
    this.options = options;
    this.name = options.siteName;
    this.capabilities = { survivesDriver: true, wakesOnActivity: false, pace: options.pace };
    this.user = options.user ?? process.env['USER'] ?? userInfo().username;
    this.client = options.client ?? new SlurmClient({
      ...(options.env ? { env: options.env } : {}),
      concurrency: SUBMIT_CONCURRENCY,
      onRetry: (command, stderr, attempt) => options.logger?.warn(`${command} failed transiently (${stderr}); retry ${attempt}`),
    });
    this.queue = new QueueReader(this.client, { user: this.user, runId: options.runId, jobsDir: jobsDir(options.submitDir), logger: options.logger });
    this.history = new HistoryReader(this.client);
  }

  freeSlots(): number {
    return Math.max(0, this.options.maxQueued - this.watched.size);
  }

  /** Slurm judges requests itself: with EnforcePartLimits an impossible one fails at `sbatch`, clearly. */
  fits(): boolean {
    return true;
  }

  async submit(jobs: readonly JobLaunch[]): Promise<SubmitResult[]> {
    const results = await submitJobs(jobs, { client: this.client, runId: this.options.runId, user: this.user, jobsDir: jobsDir(this.options.submitDir), settings: this.options.settings });
    for (const result of results) if (result.ok) this.watch(result.handle);
    return results;
  }

  async poll(): Promise<JobEvent[]> {
    if (this.watched.size === 0 && this.usageDue.size === 0) return [];
    const callsBefore = this.client.callCount();
    const events: JobEvent[] = [];
    const listing = await this.queue.list();
    if (listing) {
      const unknown: Array<{ job: Watched; fallback?: JobOutcome }> = [];
      for (const job of this.watched.values()) {
        const record = listing.byId.get(job.handle.externalId) ?? listing.byAttempt.get(attemptKey(job.handle));
        if (record) {
          const verdict = observe(job, record, events);
          if (verdict.kind === 'finished') this.finish(job, verdict.outcome, events);
          else if (verdict.kind === 'ask-history') unknown.push({ job, fallback: verdict.fallback });
          continue;
        }
        const exit = readExitFile(job.handle.exitPath);
        if (exit) this.finish(job, exit, events);
        else unknown.push({ job });
      }
      if (this.history.accounting) for (const handle of this.settledNow) this.usageDue.set(handle.jobId, { handle, since: Date.now() });
      this.settledNow = [];
      const now = Date.now();
      const askUsage = this.usageDue.size > 0 &&
        (unknown.length > 0 || this.watched.size === 0 || now - this.lastUsageAsk >= (this.options.usageAskEveryMs ?? USAGE_ASK_EVERY_MS));
      if (unknown.length > 0 || askUsage) {
        if (askUsage) this.lastUsageAsk = now;
        const due = askUsage ? [...this.usageDue.values()].map((d) => d.handle.externalId) : [];
        const known = await this.history.lookup(unknown.map(({ job }) => job.handle.externalId).filter((id) => id !== ''), due);
        this.settleFromHistory(unknown, events, known);
        if (askUsage) this.reportUsage(known, events);
      }
    }
    const calls = this.client.callCount() - callsBefore;
    this.pollStats.rounds += 1;
    this.pollStats.calls += calls;
    this.pollStats.maxCallsPerRound = Math.max(this.pollStats.maxCallsPerRound, calls);
    return events;
  }

  private finish(job: Watched, outcome: JobOutcome, events: JobEvent[], usage?: ResourceUsage): void {
    this.watched.delete(job.handle.jobId);
    events.push({ type: 'finished', handle: job.handle, outcome, at: Date.now(), ...(usage ? { usage } : {}) });
    const settled = outcome.kind !== 'cancelled' && outcome.kind !== 'lost';
    if (!usage && settled && job.handle.externalId !== '') this.settledNow.push(job.handle);
  }

  /** What accounting says jobs settled from their exit files used, once it has their end; given up after a minute. */
  private reportUsage(known: Map<string, SacctRecord>, events: JobEvent[]): void {
    for (const [jobId, due] of this.usageDue) {
      const record = known.get(due.handle.externalId);
      if (record && classifySlurmRecord(record).kind === 'ended') {
        if (record.usage) events.push({ type: 'usage', handle: due.handle, usage: record.usage });
        this.usageDue.delete(jobId);
      } else if (Date.now() - due.since >= (this.options.usageWaitMs ?? USAGE_WAIT_MS)) this.usageDue.delete(jobId);
    }
  }

  /**
   * Jobs squeue no longer lists and that wrote no exit file (killed by Slurm, or purged after MinJobAge):
   * settled from accounting. A job nobody knows for a few polls and a minute is lost, and reruns without
   * using up a retry.
   */
  private settleFromHistory(jobs: ReadonlyArray<{ job: Watched; fallback?: JobOutcome }>, events: JobEvent[], known: Map<string, SacctRecord>): void {
    for (const { job, fallback } of jobs) {
      const record = known.get(job.handle.externalId);
      const phase = record ? classifySlurmRecord(record) : undefined;
      if (phase?.kind === 'ended') this.finish(job, readExitFile(job.handle.exitPath) ?? phase.outcome, events, record?.usage);
      else if (fallback) this.finish(job, fallback, events);
      else if (phase) continue; // accounting knows it as queued or running: squeue's answer was stale
      else {
        job.misses += 1;
        job.firstMissAt ??= Date.now();
        const longEnough = Date.now() - job.firstMissAt >= (this.options.lostAfterMs ?? 60_000);
        if (job.misses >= (this.options.missesBeforeLost ?? 3) && longEnough) {
          this.finish(job, { kind: 'lost', reason: `Slurm job ${job.handle.externalId || '(unknown id)'} vanished from the queue without a trace` }, events);
        }
      }
    }
  }

  /** Slurm learns only by polling: the scheduler's pace decides how long to wait. */
  async waitForActivity(timeoutMs: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, timeoutMs));
  }

  async adopt(handles: readonly JobHandle[]): Promise<AdoptResult[]> {
    if (handles.length === 0) return [];
    const listing = await this.queue.list();
    const results: AdoptResult[] = [];
    const lookup: JobHandle[] = [];
    for (const handle of handles) {
      const record = listing?.byId.get(handle.externalId) ?? listing?.byAttempt.get(attemptKey(handle));
      const exit = readExitFile(handle.exitPath);
      if (exit) {
        results.push({ handle, status: 'finished', outcome: exit });
        if (handle.externalId !== '' && this.history.accounting) this.usageDue.set(handle.jobId, { handle, since: Date.now() });
      } else if (record) results.push(this.adoptRecord({ ...handle, externalId: record.id }, classifySlurmRecord(record)));
      else if (!listing) results.push(this.watch(handle)); // Slurm did not answer: keep watching, never resubmit blindly
      else lookup.push(handle);
    }
    const known = await this.history.lookup(lookup.filter((h) => h.externalId !== '').map((h) => h.externalId));
    for (const handle of lookup) {
      const record = known.get(handle.externalId);
      results.push(record ? this.adoptRecord(handle, classifySlurmRecord(record), record.usage) : { handle, status: 'gone' });
    }
    return results;
  }

  private adoptRecord(handle: JobHandle, phase: SlurmPhase, usage?: ResourceUsage): AdoptResult {
    if (phase.kind === 'ended') return { handle, status: 'finished', outcome: phase.outcome, ...(usage ? { usage } : {}) };
    return this.watch(handle, phase.kind === 'running' ? 'running' : 'queued');
  }

  private watch(handle: JobHandle, phase: 'queued' | 'running' = 'queued'): AdoptResult {
    this.watched.set(handle.jobId, { handle, phase, reason: '', held: false, misses: 0 });
    return { handle, status: 'alive' };
  }

  /** One `scancel` for all of them; jobs whose id was never learnt are cancelled by name. */
  async cancel(handles: readonly JobHandle[]): Promise<void> {
    const current = handles.map((handle) => this.watched.get(handle.jobId)?.handle ?? handle);
    const ids = current.map((handle) => handle.externalId).filter((id) => id !== '');
    for (let i = 0; i < ids.length; i += 1000) {
      const result = await this.client.call('scancel', ids.slice(i, i + 1000));
      if (result.exitCode !== 0) this.options.logger?.warn(`scancel failed: ${firstLine(result.stderr)}`);
    }
    const unnamed = current.filter((handle) => handle.externalId === '');
    if (unnamed.length > 0) {
      const wanted = new Set(unnamed.map(attemptKey));
      const listing = await this.queue.list();
      const found = [...(listing?.byAttempt.entries() ?? [])].filter(([key]) => wanted.has(key)).map(([, record]) => record.id);
      if (found.length > 0) await this.client.call('scancel', found);
    }
  }

  async close(): Promise<void> {
    const { rounds, calls, maxCallsPerRound } = this.pollStats;
    const perCommand = [...this.client.calls].map(([command, n]) => `${command} ${n}`).join(', ');
    this.options.logger?.debug(`Slurm client calls: ${perCommand || 'none'}; ${rounds} poll rounds made ${calls} calls, at most ${maxCallsPerRound} in one round`);
    this.client.close();
  }
}
