import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../log/logger.js';
import { readExitFile } from '../local/exit-file.js';
import type { AdoptResult, Executor, JobEvent, JobHandle, JobLaunch, JobOutcome, SubmitResult } from '../types.js';
import { arrayKey, arrayTasks, renderArrayJob, renderBatchJob, type SlurmSiteOptions } from './batch-script.js';
import { parseSlurmArrayName, parseSlurmJobName } from './job-name.js';
import { PollBackoff } from './poll-backoff.js';
import { firstLine, SlurmClient, type SlurmCallResult } from './slurm-client.js';
import {
  classifySlurmRecord, isTransientSlurmError, parseSacct, parseSbatchId, parseScontrolShowJob, parseSqueue, sacctArgs, squeueArgs,
  type SlurmJobRecord, type SlurmPhase,
} from './slurm-output.js';

export interface SlurmExecutorOptions {
  readonly siteName: string;
  /** The run's id: part of every Slurm job name, so a restarted driver finds its jobs by name. */
  readonly runId: string;
  /** Batch scripts go to `<submitDir>/jobs/`. */
  readonly submitDir: string;
  readonly site: SlurmSiteOptions;
  /** At most this many jobs held by Slurm at once. @default 500 */
  readonly maxQueued?: number;
  /** Shortest poll interval (ms); it backs off to `maxPollMs` while nothing changes. @default 5000 */
  readonly minPollMs?: number;
  /** @default 60000 */
  readonly maxPollMs?: number;
  /** Polls a job may stay unknown to squeue, sacct and scontrol, with no exit file, before it counts as lost. @default 3 */
  readonly missesBeforeLost?: number;
  /** …and for at least this long (ms). @default 60000 */
  readonly lostAfterMs?: number;
  readonly client?: SlurmClient;
  readonly user?: string;
  readonly logger?: Logger;
}

/** `sbatch` calls at once: the controller answers each in ~8 ms (SLURM.md); a few in flight hide that. */
const SUBMIT_CONCURRENCY = 4;

/** Tasks per job array (Slurm's MaxArraySize defaults to 1001). */
const MAX_ARRAY_SIZE = 1000;

interface Tracked {
  handle: JobHandle;
  phase: 'queued' | 'running';
  reason: string;
  held: boolean;
  misses: number;
  /** When no Slurm command first knew the job: it counts as lost only after a while (records lag). */
  firstMissAt?: number;
}

/**
 * Runs jobs as Slurm batch jobs (one `sbatch` script per attempt under `jobs/`), within a window of
 * `maxQueued` jobs, and learns their fate with ONE `squeue` per poll for the whole run; jobs that left
 * the queue are settled from their exit-status file, else from one batched `sacct`, else (accounting
 * disabled) from one `scontrol show job` listing (SLURM.md, "Querying finished jobs"). Slurm keeps jobs
 * when the driver dies, so a restarted driver adopts them by id or by name.
 */
export class SlurmExecutor implements Executor {
  readonly name: string;
  readonly capabilities = { survivesDriver: true, wakesOnActivity: false } as const;
  readonly client: SlurmClient;
  private readonly options: SlurmExecutorOptions;
  private readonly tracked = new Map<number, Tracked>();
  private readonly backoff: PollBackoff;
  private readonly user: string;
  private readonly jobsDir: string;
  private sacctDisabled = false;
  private readonly arrays = new Map<string, string[]>();
  private squeueFailures = 0;
  /** Polling rounds and the client calls they made (the benchmark's "calls per round"). */
  readonly pollStats = { rounds: 0, calls: 0, maxCallsPerRound: 0 };

  constructor(options: SlurmExecutorOptions) {
    this.options = options;
    this.name = options.siteName;
    this.user = options.user ?? process.env['USER'] ?? userInfo().username;
    this.jobsDir = join(options.submitDir, 'jobs');
    this.client = options.client ?? new SlurmClient({
      concurrency: SUBMIT_CONCURRENCY,
      onRetry: (command, stderr, attempt) => options.logger?.warn(`${command} failed transiently (${stderr}); retry ${attempt}`),
    });
    this.backoff = new PollBackoff(options.minPollMs ?? 5000, options.maxPollMs ?? 60_000);
  }

  freeSlots(): number {
    return Math.max(0, (this.options.maxQueued ?? 500) - this.tracked.size);
  }

  /** Slurm judges requests itself: with EnforcePartLimits an impossible one fails at `sbatch`, clearly. */
  fits(): boolean {
    return true;
  }

  async submit(jobs: readonly JobLaunch[]): Promise<SubmitResult[]> {
    mkdirSync(this.jobsDir, { recursive: true, mode: 0o755 });
    const results = new Map<JobLaunch, SubmitResult>();
    // Jobs with the same resource request go as one job array: one sbatch, not one per job.
    const groups = new Map<string, JobLaunch[]>();
    for (const launch of jobs) {
      const key = arrayKey(launch);
      groups.set(key, [...(groups.get(key) ?? []), launch]);
    }
    const units = [...groups.values()].flatMap((group) => chunk(group, MAX_ARRAY_SIZE));
    let next = 0;
    // Once sbatch failed transiently past all its retries, the controller is down: the rest of the batch
    // waits for the next round instead of each spending a minute on the same retries.
    let unreachable: string | undefined;
    const worker = async () => {
      for (let i = next++; i < units.length; i = next++) {
        const unit = units[i] as JobLaunch[];
        const unitResults: SubmitResult[] = unreachable !== undefined
          ? unit.map((launch) => ({ ok: false, jobId: launch.jobId, attempt: launch.attempt, error: unreachable as string, retryLater: true }))
          : await this.submitUnit(unit);
        unit.forEach((launch, k) => results.set(launch, unitResults[k] as SubmitResult));
        const failed = unitResults.find((r) => !r.ok && r.retryLater);
        if (failed && !failed.ok) unreachable = failed.error;
      }
    };
    await Promise.all(Array.from({ length: Math.min(units.length, SUBMIT_CONCURRENCY) }, worker));
    this.backoff.reset();
    return jobs.map((launch) => results.get(launch) as SubmitResult);
  }

  /** One job as a plain batch job, or several as the tasks of one array. */
  private async submitUnit(unit: readonly JobLaunch[]): Promise<SubmitResult[]> {
    const scripts: string[] = [];
    const failures = new Map<JobLaunch, SubmitResult>();
    const rendered = unit.flatMap((launch) => {
      try {
        const batch = renderBatchJob(launch, this.options.runId, this.options.site);
        const path = join(this.jobsDir, `${launch.name}.${launch.attempt}.sh`);
        writeFileSync(path, batch.script, { mode: 0o644 });
        scripts.push(path);
        return [{ launch, batch, path }];
      } catch (error) {
        failures.set(launch, { ok: false, jobId: launch.jobId, attempt: launch.attempt, error: (error as Error).message });
        return [];
      }
    });
    let ids: string[] | { error: string; retryLater: boolean } = [];
    if (rendered.length === 1) {
      const only = rendered[0] as (typeof rendered)[number];
      const id = await this.sbatch(only.batch.name, only.batch.sbatchArgs, only.path);
      ids = typeof id === 'string' ? [id] : id;
    } else if (rendered.length > 1) {
      const array = renderArrayJob(rendered.map((r) => r.launch), scripts, this.options.runId, this.options.site);
      const path = join(this.jobsDir, `${array.name.split('.').slice(2).join('.')}.sh`);
      writeFileSync(path, array.script, { mode: 0o644 });
      const id = await this.sbatch(array.name, array.sbatchArgs, path);
      ids = typeof id === 'string' ? rendered.map((_, task) => `${id}_${task}`) : id;
    }
    return unit.map((launch) => {
      const failure = failures.get(launch);
      if (failure) return failure;
      if (!Array.isArray(ids)) return { ok: false, jobId: launch.jobId, attempt: launch.attempt, error: ids.error, ...(ids.retryLater ? { retryLater: true } : {}) };
      const externalId = ids[rendered.findIndex((r) => r.launch === launch)] as string;
      const handle: JobHandle = { jobId: launch.jobId, attempt: launch.attempt, externalId, exitPath: launch.exitPath };
      this.tracked.set(launch.jobId, { handle, phase: 'queued', reason: '', held: false, misses: 0 });
      return { ok: true, handle };
    });
  }

  /** `sbatch --parsable`: the Slurm id, or why not (and whether trying again later may help). */
  private async sbatch(name: string, args: readonly string[], scriptPath: string): Promise<string | { error: string; retryLater: boolean }> {
    const result = await this.client.call('sbatch', ['--parsable', ...args, scriptPath], {
      // The answer to a timed-out sbatch may be lost although the job was queued: look for it by name
      // before submitting again, so a job never runs twice.
      beforeRetry: () => this.findByName(name),
    });
    if (result.exitCode !== 0) {
      return { error: firstLine(result.stderr) || `sbatch exited with ${result.exitCode}`, retryLater: isTransientSlurmError(result.stderr) };
    }
    try {
      return parseSbatchId(result.stdout);
    } catch {
      return { error: `unexpected sbatch output: ${firstLine(result.stdout)}`, retryLater: false };
    }
  }

  private async findByName(name: string): Promise<SlurmCallResult | undefined> {
    // %F: an array's own id (a plain job's id), as sbatch would have printed it.
    const found = await this.client.once('squeue', ['-h', '-u', this.user, '-t', 'all', '-n', name, '-o', '%F']);
    const id = found.exitCode === 0 ? found.stdout.trim().split('\n')[0] : undefined;
    return id ? { exitCode: 0, stdout: `${id}\n`, stderr: '' } : undefined;
  }

  async poll(): Promise<JobEvent[]> {
    if (this.tracked.size === 0) return [];
    const callsBefore = this.client.callCount();
    const events: JobEvent[] = [];
    const records = await this.listQueue();
    if (records) {
      const unknown: Array<{ job: Tracked; fallback?: JobOutcome }> = [];
      for (const job of this.tracked.values()) {
        const record = records.byId.get(job.handle.externalId) ?? records.byAttempt.get(attemptKey(job.handle));
        if (record) {
          const verdict = await this.observe(job, record, events);
          if (verdict !== 'done') unknown.push({ job, fallback: verdict.fallback });
          continue;
        }
        const exit = await readExitFile(job.handle.exitPath);
        if (exit) this.finish(job, exit, events);
        else unknown.push({ job });
      }
      if (unknown.length > 0) await this.settleFromHistory(unknown, events);
    }
    const calls = this.client.callCount() - callsBefore;
    this.pollStats.rounds += 1;
    this.pollStats.calls += calls;
    this.pollStats.maxCallsPerRound = Math.max(this.pollStats.maxCallsPerRound, calls);
    if (events.length > 0) this.backoff.reset();
    else this.backoff.grow();
    return events;
  }

  /** One `squeue` for all the user's queued and running jobs. */
  private async listQueue(): Promise<{ byId: Map<string, SlurmJobRecord>; byAttempt: Map<string, SlurmJobRecord> } | undefined> {
    // Jobs that left the queue are settled from their exit files, then sacct: squeue need not list them.
    const result = await this.client.call('squeue', squeueArgs({ user: this.user, activeOnly: true }));
    if (result.exitCode !== 0) {
      // The controller is down or overloaded past our retries: nothing is lost by waiting for the next round.
      this.squeueFailures += 1;
      if (this.squeueFailures === 1 || this.squeueFailures % 10 === 0) this.options.logger?.warn(`squeue failed (${firstLine(result.stderr)}); will try again`);
      return undefined;
    }
    this.squeueFailures = 0;
    const byId = new Map<string, SlurmJobRecord>();
    const byAttempt = new Map<string, SlurmJobRecord>();
    for (const record of parseSqueue(result.stdout)) {
      byId.set(record.id, record);
      const key = this.attemptOf(record);
      if (key) byAttempt.set(key, record);
    }
    return { byId, byAttempt };
  }

  /** `jobId.attempt` of one of this run's Slurm jobs or array tasks, from its name; undefined for others. */
  private attemptOf(record: SlurmJobRecord): string | undefined {
    const named = parseSlurmJobName(record.name);
    if (named) return named.runId === this.options.runId ? `${named.jobId}.${named.attempt}` : undefined;
    const array = parseSlurmArrayName(record.name);
    const task = record.arrayId?.split('_')[1];
    if (!array || array.runId !== this.options.runId || task === undefined || !/^\d+$/.test(task)) return undefined;
    return this.arrayTaskList(array.key)[Number(task)];
  }

  /** The tasks of one of this run's arrays, from its script's `# tasks:` line (cached: it never changes). */
  private arrayTaskList(key: string): string[] {
    let tasks = this.arrays.get(key);
    if (!tasks) {
      try {
        tasks = arrayTasks(readFileSync(join(this.jobsDir, `array.${key}.sh`), 'utf8'));
      } catch {
        tasks = [];
      }
      this.arrays.set(key, tasks);
    }
    return tasks;
  }

  /**
   * Turns a job's squeue record into events. 'done' when it is settled or still in the queue; a job that
   * ended without an exit file needs its exit code from accounting (squeue prints none): `fallback` is
   * what squeue alone says, used when accounting does not know the job either.
   */
  private async observe(job: Tracked, record: SlurmJobRecord, events: JobEvent[]): Promise<'done' | { fallback: JobOutcome }> {
    if (job.handle.externalId !== record.id) job.handle = { ...job.handle, externalId: record.id };
    const phase = classifySlurmRecord(record);
    if (phase.kind === 'ended') {
      // The job's own exit file beats Slurm's summary: it has the payload's code, not the shell's.
      const exit = await readExitFile(job.handle.exitPath);
      if (exit) this.finish(job, preferSlurmKill(exit, phase), events);
      else if (record.exitCode === undefined && (phase.outcome.kind === 'exited' || phase.outcome.kind === 'signaled')) return { fallback: phase.outcome };
      else this.finish(job, phase.outcome, events);
    } else if (phase.kind === 'running') {
      if (job.phase !== 'running') {
        job.phase = 'running';
        events.push({ type: 'started', handle: job.handle, at: Date.now() });
      }
    } else if (job.phase === 'queued' && (phase.reason !== job.reason || phase.held !== job.held)) {
      job.reason = phase.reason;
      job.held = phase.held;
      events.push({ type: 'waiting', handle: job.handle, reason: phase.reason, held: phase.held });
    }
    return 'done';
  }

  private finish(job: Tracked, outcome: JobOutcome, events: JobEvent[]): void {
    this.tracked.delete(job.handle.jobId);
    events.push({ type: 'finished', handle: job.handle, outcome, at: Date.now() });
  }

  /**
   * Jobs squeue no longer lists and that wrote no exit file (killed by Slurm, or purged after MinJobAge):
   * one `sacct` for all of them, or one `scontrol show job` listing when accounting is disabled. A job
   * nobody knows for a few polls and a minute is lost, and reruns without using up a retry.
   */
  private async settleFromHistory(jobs: ReadonlyArray<{ job: Tracked; fallback?: JobOutcome }>, events: JobEvent[]): Promise<void> {
    const ids = jobs.map(({ job }) => job.handle.externalId).filter((id) => id !== '');
    const known = await this.history(ids);
    for (const { job, fallback } of jobs) {
      const record = known.get(job.handle.externalId);
      const phase = record ? classifySlurmRecord(record) : undefined;
      if (phase?.kind === 'ended') this.finish(job, (await readExitFile(job.handle.exitPath)) ?? phase.outcome, events);
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

  /**
   * What accounting says about jobs squeue no longer lists: one sacct; for ids sacct does not know yet
   * (its records lag a few seconds behind on a busy system, SLURM.md) or when accounting is disabled,
   * one `scontrol show job` listing, which keeps finished jobs until MinJobAge. At most two calls.
   */
  private async history(ids: readonly string[]): Promise<Map<string, SlurmJobRecord>> {
    const known = new Map<string, SlurmJobRecord>();
    // By raw id and by array-task id (`<array>_<i>`), the form our handles hold for array tasks.
    const add = (record: SlurmJobRecord) => known.set(record.id, record).set(record.arrayId ?? record.id, record);
    if (ids.length === 0) return known;
    if (!this.sacctDisabled) {
      const result = await this.client.call('sacct', sacctArgs(ids));
      if (result.exitCode === 0) parseSacct(result.stdout).forEach(add);
      else if (/accounting storage is disabled/i.test(result.stderr)) this.sacctDisabled = true;
    }
    const missing = new Set(ids.filter((id) => !known.has(id)));
    if (missing.size === 0) return known;
    const result = await this.client.call('scontrol', ['-o', 'show', 'job']);
    if (result.exitCode === 0) {
      for (const record of parseScontrolShowJob(result.stdout)) if (missing.has(record.id) || missing.has(record.arrayId ?? '')) add(record);
    }
    return known;
  }

  async waitForActivity(timeoutMs: number): Promise<void> {
    await sleep(Math.min(timeoutMs, this.backoff.current()));
  }

  async adopt(handles: readonly JobHandle[]): Promise<AdoptResult[]> {
    if (handles.length === 0) return [];
    const records = await this.listQueue();
    const results: AdoptResult[] = [];
    const lookup: JobHandle[] = [];
    for (const handle of handles) {
      const record = records?.byId.get(handle.externalId) ?? records?.byAttempt.get(attemptKey(handle));
      const exit = await readExitFile(handle.exitPath);
      if (exit) results.push({ handle, status: 'finished', outcome: exit });
      else if (record) results.push(this.adoptRecord({ ...handle, externalId: record.id }, classifySlurmRecord(record)));
      else if (!records) results.push(this.watch(handle)); // Slurm did not answer: keep watching, never resubmit blindly
      else lookup.push(handle);
    }
    const known = await this.history(lookup.filter((h) => h.externalId !== '').map((h) => h.externalId));
    for (const handle of lookup) {
      const record = known.get(handle.externalId);
      results.push(record ? this.adoptRecord(handle, classifySlurmRecord(record)) : { handle, status: 'gone' });
    }
    return results;
  }

  private adoptRecord(handle: JobHandle, phase: SlurmPhase): AdoptResult {
    if (phase.kind === 'ended') return { handle, status: 'finished', outcome: phase.outcome };
    return this.watch(handle, phase.kind === 'running' ? 'running' : 'queued');
  }

  private watch(handle: JobHandle, phase: 'queued' | 'running' = 'queued'): AdoptResult {
    this.tracked.set(handle.jobId, { handle, phase, reason: '', held: false, misses: 0 });
    return { handle, status: 'alive' };
  }

  /** One `scancel` for all of them; jobs whose id was never learnt are cancelled by name. */
  async cancel(handles: readonly JobHandle[]): Promise<void> {
    const current = handles.map((handle) => this.tracked.get(handle.jobId)?.handle ?? handle);
    const ids = current.map((handle) => handle.externalId).filter((id) => id !== '');
    for (let i = 0; i < ids.length; i += 1000) {
      const result = await this.client.call('scancel', ids.slice(i, i + 1000));
      if (result.exitCode !== 0) this.options.logger?.warn(`scancel failed: ${firstLine(result.stderr)}`);
    }
    const unnamed = current.filter((handle) => handle.externalId === '');
    if (unnamed.length > 0) {
      const wanted = new Set(unnamed.map(attemptKey));
      const listed = await this.listQueue();
      const found = [...(listed?.byAttempt.entries() ?? [])].filter(([key]) => wanted.has(key)).map(([, record]) => record.id);
      if (found.length > 0) await this.client.call('scancel', found);
    }
    this.backoff.reset();
  }

  async close(): Promise<void> {
    const { rounds, calls, maxCallsPerRound } = this.pollStats;
    const perCommand = [...this.client.calls].map(([command, n]) => `${command} ${n}`).join(', ');
    this.options.logger?.debug(`Slurm client calls: ${perCommand || 'none'}; ${rounds} poll rounds made ${calls} calls, at most ${maxCallsPerRound} in one round`);
    this.client.close();
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

function attemptKey(handle: JobHandle): string {
  return `${handle.jobId}.${handle.attempt}`;
}

/**
 * A job Slurm killed (TIMEOUT, OUT_OF_MEMORY, CANCELLED) may still have written an exit file if the
 * payload died first of the same cause; Slurm's verdict says more than "signal 15" then.
 */
function preferSlurmKill(outcome: JobOutcome, phase: Extract<SlurmPhase, { kind: 'ended' }>): JobOutcome {
  const slurm = phase.outcome.kind;
  if (slurm === 'timeout' || slurm === 'out-of-memory' || slurm === 'cancelled' || slurm === 'lost') {
    return outcome.kind === 'exited' && outcome.exitCode === 0 ? outcome : phase.outcome;
  }
  return outcome;
}
