import { cpus, totalmem } from 'node:os';
import { Activity } from '../common/activity.js';
import PQueue from 'p-queue';
import type { AdoptResult, Executor, ExecutorCapabilities, JobEvent, JobHandle, JobLaunch, JobOutcome, ResourceUsage, SubmitResult } from '../contract.js';
import { Launcher, type LauncherMessage } from '../common/launcher.js';
import { readExitRecord } from '../common/run-files.js';
import { pidFileOf, readWrapperPid, ticksFromText, wrapperAlive } from '../common/wrapper-pid.js';
import { ResourceGate } from './resource-gate.js';

export interface LocalExecutorOptions {
  /** Jobs running at once. @default the number of cores */
  readonly slots?: number;
  /** Cores handed out to jobs' requestCpus. @default slots */
  readonly cores?: number;
  /** Memory (MiB) handed out to jobs' requestMemory. @default the machine's */
  readonly memoryMiB?: number;
  /** Seconds between SIGTERM and SIGKILL when a job is stopped. @default 10 */
  readonly graceSec?: number;
  /** The compute site's name, for messages. @default 'local' */
  readonly siteName?: string;
  /**
   * Kill a job whose processes hold more resident memory than its requestMemory (sampled every second by
   * its wrapper: executors/common/launcher-script.ts); it ends out of memory, as under Slurm. @default false
   */
  readonly enforceMemory?: boolean;
}

interface Tracked {
  readonly launch: JobLaunch;
  handle?: JobHandle;
  cancelled: boolean;
  ended?: () => void;
}

/**
 * The local executor: a p-queue process pool with N slots that also respects each job's cores and memory.
 * Jobs are started by the Perl launcher under a wrapper in their own session, so they outlive the driver
 * and report through their exit-status files; `adopt` picks them up again after a restart.
 */
export class LocalExecutor implements Executor {
  readonly name: string;
  // It hears its jobs end (waitForActivity returns at once), so the rounds need no fast fixed pace.
  readonly capabilities: ExecutorCapabilities = { survivesDriver: true, wakesOnActivity: true, pace: { minMs: 500, maxMs: 500 } };
  private readonly queue: PQueue;
  private readonly gate: ResourceGate;
  private readonly tracked = new Map<string, Tracked>();
  /** Jobs we did not start (adopted) or lost the launcher of: watched through exit file and pid. */
  private readonly watched = new Map<string, { handle: JobHandle; cancelled: boolean }>();
  private events: JobEvent[] = [];
  private readonly activity = new Activity();
  private launcher: Launcher | undefined;
  private accepted = 0;
  private readonly slots: number;
  private readonly graceSec: number;
  private readonly enforceMemory: boolean;

  constructor(options: LocalExecutorOptions = {}) {
    this.name = options.siteName ?? 'local';
    this.slots = options.slots ?? cpus().length;
    this.graceSec = options.graceSec ?? 10;
    this.enforceMemory = options.enforceMemory ?? false;
    this.queue = new PQueue({ concurrency: this.slots });
    this.gate = new ResourceGate(options.cores ?? this.slots, options.memoryMiB ?? Math.floor(totalmem() / 1048576));
  }

  /** One job per slot: queueing more ahead inside the pool measured no faster here (2 slots, 2 cores). */
  freeSlots(): number {
    return Math.max(0, this.slots - this.accepted);
  }

  fits(cpus: number, memoryMiB: number): boolean {
    return this.gate.fits(cpus, memoryMiB);
  }

  async submit(jobs: readonly JobLaunch[]): Promise<SubmitResult[]> {
    return jobs.map((launch) => {
      const key = `${launch.jobId}.${launch.attempt}`;
      const entry: Tracked = { launch, cancelled: false };
      this.tracked.set(key, entry);
      this.accepted += 1;
      void this.queue.add(() => this.run(key, entry));
      return { ok: true as const, handle: { jobId: launch.jobId, attempt: launch.attempt, externalId: '', exitPath: launch.exitPath } };
    });
  }

  private async run(key: string, entry: Tracked): Promise<void> {
    const { launch } = entry;
    await this.gate.acquire(launch.cpus, launch.memoryMiB);
    try {
      if (entry.cancelled) return this.emitFinished(entry.launch, { jobId: launch.jobId, attempt: launch.attempt, externalId: '', exitPath: launch.exitPath }, { kind: 'cancelled', reason: 'cancelled before it started' });
      const ended = new Promise<void>((resolve) => (entry.ended = resolve));
      try {
        this.ensureLauncher().launch({ key, argv: launch.argv, env: launch.env, stdoutPath: launch.stdoutPath, stderrPath: launch.stderrPath, verdictPath: launch.exitPath, pidPath: pidFileOf(launch.exitPath), graceSec: this.graceSec,
          ...(this.enforceMemory ? { memoryLimitMiB: launch.memoryMiB } : {}),
        });
      } catch (error) {
        // The launcher died under us: the job never started, so it simply runs again (not a retry).
        this.launcher = undefined;
        this.emitFinished(launch, { jobId: launch.jobId, attempt: launch.attempt, externalId: '', exitPath: launch.exitPath }, { kind: 'lost', reason: (error as Error).message });
        return;
      }
      await ended;
    } finally {
      this.gate.release(launch.cpus, launch.memoryMiB);
    }
  }

  private ensureLauncher(): Launcher {
    this.launcher ??= new Launcher(
      (message) => this.onLauncherMessage(message),
      () => this.onLauncherExit(),
    );
    return this.launcher;
  }

  private onLauncherMessage(message: LauncherMessage): void {
    const entry = this.tracked.get(message.key);
    if (!entry) return;
    const { launch } = entry;
    if (message.type === 'started') {
      entry.handle = { jobId: launch.jobId, attempt: launch.attempt, externalId: String(message.pid), detail: String(message.startTicks), exitPath: launch.exitPath };
      this.push({ type: 'started', handle: entry.handle, at: Date.now() });
      if (entry.cancelled) this.signal(message.pid);
    } else if (message.type === 'failed') {
      this.emitFinished(launch, { jobId: launch.jobId, attempt: launch.attempt, externalId: '', exitPath: launch.exitPath }, { kind: 'lost', reason: message.error });
      entry.ended?.();
    } else {
      const exit = readExitRecord(launch.exitPath) ?? { outcome: { kind: 'lost' as const, reason: 'the job wrapper ended without writing its exit file' } };
      this.emitFinished(launch, entry.handle as JobHandle, stopped(entry.cancelled, exit.outcome), exit.usage);
      entry.ended?.();
    }
  }

  /** The launcher died (it should not): keep watching its jobs through their exit files and pids. */
  private onLauncherExit(): void {
    this.launcher = undefined;
    for (const [key, entry] of this.tracked) {
      if (!entry.ended) continue; // still queued: it will start under a new launcher
      if (entry.handle) {
        // Still occupies its slot until the watch sees it end.
        this.watched.set(key, { handle: entry.handle, cancelled: entry.cancelled });
        this.tracked.delete(key);
      } else {
        const { launch } = entry;
        this.emitFinished(launch, { jobId: launch.jobId, attempt: launch.attempt, externalId: '', exitPath: launch.exitPath }, { kind: 'lost', reason: 'the launcher died before the job started' });
      }
      entry.ended();
    }
  }

  private emitFinished(launch: JobLaunch, handle: JobHandle, outcome: JobOutcome, usage?: ResourceUsage): void {
    const key = `${launch.jobId}.${launch.attempt}`;
    if (!this.tracked.delete(key)) return;
    this.accepted -= 1;
    this.push({ type: 'finished', handle, outcome, at: Date.now(), ...(usage ? { usage } : {}) });
  }

  private push(event: JobEvent): void {
    this.events.push(event);
    this.activity.signal();
  }

  async poll(): Promise<JobEvent[]> {
    this.pollWatched();
    const events = this.events;
    this.events = [];
    return events;
  }

  private pollWatched(): void {
    for (const [key, watch] of this.watched) {
      const exit = readExitRecord(watch.handle.exitPath);
      const alive = exit === undefined && wrapperAlive(wrapperOf(watch.handle));
      if (alive) continue;
      this.watched.delete(key);
      this.accepted -= 1;
      const final: JobOutcome = exit === undefined ? { kind: 'lost', reason: 'its wrapper died without writing the exit file' } : stopped(watch.cancelled, exit.outcome);
      this.events.push({ type: 'finished', handle: watch.handle, outcome: final, at: Date.now(), ...(exit?.usage ? { usage: exit.usage } : {}) });
    }
  }

  waitForActivity(timeoutMs: number): Promise<void> {
    if (this.events.length > 0) return Promise.resolve();
    return this.activity.wait(this.watched.size > 0 ? Math.min(timeoutMs, 250) : timeoutMs);
  }

  async adopt(handles: readonly JobHandle[]): Promise<AdoptResult[]> {
    const results: AdoptResult[] = [];
    for (const recorded of handles) {
      const handle = recorded.externalId === '' ? withPidFile(recorded) : recorded;
      const exit = readExitRecord(handle.exitPath);
      if (exit) results.push({ handle, status: 'finished', outcome: exit.outcome, ...(exit.usage ? { usage: exit.usage } : {}) });
      else if (handle.externalId !== '' && wrapperAlive(wrapperOf(handle))) {
        this.watched.set(`${handle.jobId}.${handle.attempt}`, { handle, cancelled: false });
        this.accepted += 1;
        results.push({ handle, status: 'alive' });
      } else results.push({ handle, status: 'gone' });
    }
    return results;
  }

  async cancel(handles: readonly JobHandle[]): Promise<void> {
    for (const handle of handles) {
      const key = `${handle.jobId}.${handle.attempt}`;
      const entry = this.tracked.get(key);
      const watch = this.watched.get(key);
      if (entry) {
        entry.cancelled = true;
        if (entry.handle) this.signal(Number(entry.handle.externalId));
      } else if (watch) {
        watch.cancelled = true;
        this.signal(Number(watch.handle.externalId));
      }
    }
  }

  /** SIGTERM to the wrapper: it stops the job's process group (SIGKILL after the grace time) and records it. */
  private signal(pid: number): void {
    try {
      if (pid > 0) process.kill(pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }

  async close(): Promise<void> {
    this.launcher?.close();
    this.launcher = undefined;
  }
}

/** A handle completed from the launcher's `<job>.<attempt>.pid` file, when the driver never learned the pid. */
function withPidFile(handle: JobHandle): JobHandle {
  const wrapper = readWrapperPid(pidFileOf(handle.exitPath));
  if (!wrapper) return handle;
  return { ...handle, externalId: String(wrapper.pid), ...(wrapper.startTicks === undefined ? {} : { detail: String(wrapper.startTicks) }) };
}

/** The wrapper a handle names: its pid, and its start time, which this executor keeps as the handle's detail. */
function wrapperOf(handle: JobHandle): { pid: number; startTicks: number | undefined } {
  return { pid: Number(handle.externalId), startTicks: ticksFromText(handle.detail) };
}

/** A job we stopped ends as `cancelled`, whatever its exit code or signal, unless it succeeded first. */
function stopped(cancelled: boolean, outcome: JobOutcome): JobOutcome {
  const succeeded = outcome.kind === 'exited' && outcome.exitCode === 0;
  return cancelled && !succeeded ? { kind: 'cancelled', reason: 'stopped by bps' } : outcome;
}

