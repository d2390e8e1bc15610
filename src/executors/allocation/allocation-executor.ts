import type { Logger } from '../../log/logger.js';
import { Activity } from '../common/activity.js';
import type { JobHandle, JobOutcome } from '../../model/outcome.js';
import { describeOutcome } from '../../model/outcome-text.js';
import type { SlurmClient } from '../../slurm/client.js';
import type { AdoptResult, Admission, Executor, ExecutorCapabilities, JobEvent, JobLaunch, JobRequest, SubmitResult } from '../contract.js';
import { Launcher, type LauncherMessage } from '../common/launcher.js';
import { readExitFile, readExitRecord, readTail } from '../common/run-files.js';
import { pidFileOf, readWrapperPid, wrapperAlive } from '../common/wrapper-pid.js';
import { timeLeft, type Allocation } from './allocation-info.js';
import { NodePool, type Placement } from './node-pool.js';
import { srunArgv } from './step-command.js';
import { decodeDetail, encodeDetail, type StepDetail } from './step-handle.js';
import { stepOutcome } from './step-outcome.js';
import { StepUsage } from './step-usage.js';
import { fitInTime } from './time-fit.js';

/** What an allocation executor is made with: its allocation as Slurm described it, and how it is watched. */
export interface AllocationExecutorOptions {
  readonly siteName: string;
  readonly runId: string;
  readonly allocation: Allocation;
  readonly client: SlurmClient;
  /** This host's name (process/host.ts): where the wrappers run. */
  readonly host: string;
  /** Seconds kept between a job's expected end and the allocation's end. */
  readonly marginSec: number;
  readonly logger?: Logger;
  /** Seconds between SIGTERM and SIGKILL when a step's srun is stopped. @default 10 */
  readonly graceSec?: number;
  readonly now?: () => number;
}

/** A step this executor started or adopted, until it is reported finished. */
interface Step {
  handle: JobHandle;
  readonly placement: Placement;
  /** Known once the launcher forked it (or from the pid file of an adopted step). */
  pid?: number;
  ticks?: number;
  cancelled: boolean;
  /** Started by this driver (the launcher reports its end); else adopted and watched through its files. */
  readonly ours: boolean;
}

/** How often the time left is read again from Slurm (a running allocation's limit may be changed). */
const TIME_LEFT_REFRESH_MS = 60_000;
/**
 * A step's start is told with the next round, at most this much later: not in a round of its own. At a
 * step's end the next one starts at once; a round per start as well would double the rounds, and their
 * CPU is taken from the batch host's Slurm daemons, which the steps' own throughput rests on.
 */
const STARTED_TOLD_WITHIN_MS = 200;
/** How much of a step's stderr is read for srun's own lines, which come last. */
const SRUN_TAIL_BYTES = 4096;

/**
 * `executor: allocation`, inside an allocation: each job runs as one `srun --exact` step on a node chosen
 * from the driver's own account of free cores and memory (node-pool.ts), started only when its expected
 * run time fits in what is left of the allocation (time-fit.ts), through the launcher's wrapper, which
 * outlives the driver so a restart in the same allocation adopts running steps instead of starting them
 * again (docs/SLURM.md, "executor: allocation").
 */
export class AllocationExecutor implements Executor {
  readonly name: string;
  // The launcher reports every wrapper's end at once, so rounds need no fixed pace; a short ceiling keeps
  // adopted steps (watched through their files) and the time left checked.
  readonly capabilities: ExecutorCapabilities = { survivesDriver: true, wakesOnActivity: true, pace: { minMs: 250, maxMs: 2000 } };
  private readonly pool: NodePool;
  private readonly steps = new Map<string, Step>();
  private reserved: Placement[] = [];
  private events: JobEvent[] = [];
  private readonly activity = new Activity();
  private launcher: Launcher | undefined;
  private timeCheckedAt: number;
  private readonly usage: StepUsage;

  constructor(private readonly options: AllocationExecutorOptions) {
    this.name = options.siteName;
    this.usage = new StepUsage({ client: options.client, allocationId: options.allocation.jobId, runId: options.runId, now: () => this.now() });
    this.pool = new NodePool(options.allocation.nodes);
    this.timeCheckedAt = this.now();
    options.logger?.info(`Allocation ${options.allocation.jobId}: ${this.pool.describe()}; ${describeLeft(options.allocation.endsAt - this.now())} left`);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  freeSlots(): number {
    return this.pool.freeCpus();
  }

  fits(cpus: number, memoryMiB: number): boolean {
    return this.pool.fitsEver(cpus, memoryMiB);
  }

  admit(request: JobRequest): Admission {
    const { allocation, marginSec } = this.options;
    const time = fitInTime(request.expectedSec, { now: this.now(), endsAt: allocation.endsAt, timeLimitSec: allocation.timeLimitSec, marginSec });
    if (time.kind !== 'fits') return time;
    const placement = this.pool.place(request.cpus, request.memoryMiB);
    if (!placement) return { kind: 'later' };
    this.reserved.push(placement);
    return { kind: 'now' };
  }

  async submit(jobs: readonly JobLaunch[]): Promise<SubmitResult[]> {
    const results = jobs.map((launch) => this.start(launch));
    // Room admitted but not handed over (never, with the scheduler) goes back.
    for (const placement of this.reserved) this.pool.release(placement);
    this.reserved = [];
    return results;
  }

  private start(launch: JobLaunch): SubmitResult {
    const at = this.reserved.findIndex((p) => p.cpus === launch.cpus && p.memoryMiB === launch.memoryMiB);
    const placement = at >= 0 ? this.reserved.splice(at, 1)[0] : this.pool.place(launch.cpus, launch.memoryMiB);
    if (!placement) return { ok: false, jobId: launch.jobId, attempt: launch.attempt, error: 'no node has room for it now', retryLater: true };
    const { allocation, runId, host } = this.options;
    const handle: JobHandle = { jobId: launch.jobId, attempt: launch.attempt, externalId: allocation.jobId, exitPath: launch.exitPath, detail: encodeDetail({ ...placement, host }) };
    const key = keyOf(handle);
    this.steps.set(key, { handle, placement, cancelled: false, ours: true });
    try {
      this.ensureLauncher().launch({
        key, argv: srunArgv(launch, placement, { jobId: allocation.jobId, runId }), env: launch.env,
        stdoutPath: launch.stdoutPath, stderrPath: launch.stderrPath, verdictPath: launch.exitPath, pidPath: pidFileOf(launch.exitPath),
        graceSec: this.options.graceSec ?? 10,
      });
    } catch (error) {
      // The launcher died under us: the step never started, so it simply runs again (not a retry).
      this.launcher = undefined;
      this.finish(key, { outcome: { kind: 'lost', reason: (error as Error).message } });
    }
    return { ok: true, handle };
  }

  private ensureLauncher(): Launcher {
    this.launcher ??= new Launcher((message) => this.onLauncherMessage(message), () => this.onLauncherExit());
    return this.launcher;
  }

  private onLauncherMessage(message: LauncherMessage): void {
    const step = this.steps.get(message.key);
    if (!step) return;
    if (message.type === 'started') {
      step.pid = message.pid;
      step.ticks = message.startTicks;
      step.handle = { ...step.handle, detail: encodeDetail(this.detailOf(step)) };
      this.push({ type: 'started', handle: step.handle, at: this.now() });
      if (step.cancelled) signal(message.pid);
    } else if (message.type === 'failed') this.finish(message.key, { outcome: { kind: 'lost', reason: message.error } });
    else this.finish(message.key, this.endOf(step));
  }

  /** The launcher died (it should not): its wrappers still run; watch them through their pids and files. */
  private onLauncherExit(): void {
    this.launcher = undefined;
    for (const [key, step] of this.steps) {
      if (!step.ours) continue;
      if (step.pid === undefined) this.finish(key, { outcome: { kind: 'lost', reason: 'the launcher died before the step started' } });
      else this.steps.set(key, { ...step, ours: false });
    }
  }

  private detailOf(step: Step): StepDetail {
    return { ...step.placement, host: this.options.host, ...(step.pid === undefined ? {} : { pid: step.pid }), ...(step.ticks === undefined ? {} : { ticks: step.ticks }) };
  }

  /** How a step ended, from its exit file, and how long it ran (srun lasts as long as its step). */
  private endOf(step: Step): { outcome: JobOutcome; wallSec?: number } {
    const exitPath = step.handle.exitPath;
    const record = readExitRecord(exitPath);
    const srun = record?.outcome;
    const wallSec = record?.usage?.wallSec;
    const ran = wallSec === undefined ? {} : { wallSec };
    // The common case, a job that succeeded, costs one small read: srun's lines only matter otherwise.
    if (srun?.kind === 'exited' && srun.exitCode === 0) return { outcome: srun, ...ran };
    const outcome = stepOutcome({
      srun,
      stderrTail: readTail(exitPath.replace(/\.exit$/, '.err'), SRUN_TAIL_BYTES),
      cancelled: step.cancelled,
      at: this.now(),
      allocation: this.options.allocation,
    });
    return outcome.kind === 'lost' || outcome.kind === 'cancelled' ? { outcome } : { outcome, ...ran };
  }

  /**
   * A step is over: its room goes back to the pool and the scheduler hears of it. `wallSec`, the wrapper's
   * wall clock, is the step's run time; its memory and CPU are srun's own, so accounting is asked for those.
   */
  private finish(key: string, { outcome, wallSec }: { outcome: JobOutcome; wallSec?: number | undefined }): void {
    const step = this.steps.get(key);
    if (!step) return;
    this.steps.delete(key);
    this.pool.release(step.placement);
    if (wallSec !== undefined) this.usage.ended(step.handle);
    this.push({ type: 'finished', handle: step.handle, outcome, at: this.now(), ...(wallSec === undefined ? {} : { usage: { wallSec } }) });
  }

  private push(event: JobEvent): void {
    this.events.push(event);
    if (event.type === 'started') this.activity.signalWithin(STARTED_TOLD_WITHIN_MS);
    else this.activity.signal();
  }

  async poll(): Promise<JobEvent[]> {
    for (const [key, step] of this.steps) {
      if (!step.ours && !this.stillRuns(step)) this.finish(key, this.endOf(step));
    }
    if (this.now() - this.timeCheckedAt >= TIME_LEFT_REFRESH_MS) await this.refreshTimeLeft();
    this.events.push(...(await this.usage.poll()));
    const events = this.events;
    this.events = [];
    return events;
  }

  /** An adopted step runs while its wrapper does; a wrapper on another host is judged by its exit file. */
  private stillRuns(step: Step): boolean {
    if (step.pid !== undefined && decodeDetail(step.handle)?.host === this.options.host) return wrapperAlive({ pid: step.pid, startTicks: step.ticks });
    return readExitFile(step.handle.exitPath) === undefined;
  }

  private async refreshTimeLeft(): Promise<void> {
    this.timeCheckedAt = this.now();
    const left = await timeLeft(this.options.client, this.options.allocation.jobId);
    if (left !== undefined) this.options.allocation.endsAt = this.now() + left * 1000;
  }

  waitForActivity(timeoutMs: number): Promise<void> {
    if (this.events.some((e) => e.type !== 'started')) return Promise.resolve();
    let wait = timeoutMs;
    if (this.events.length > 0) wait = Math.min(wait, STARTED_TOLD_WITHIN_MS); // starts heard since the last poll
    if ([...this.steps.values()].some((s) => !s.ours)) wait = Math.min(wait, 250); // adopted steps are watched through their files
    return this.activity.wait(wait);
  }

  async adopt(handles: readonly JobHandle[]): Promise<AdoptResult[]> {
    return handles.map((handle) => this.adoptOne(handle));
  }

  /**
   * A step of this allocation whose wrapper still runs is watched again (its room taken in the node
   * account), never started twice; one that ended while no driver ran is settled from its files; a step of
   * an earlier allocation ended with it (allocations of a run never overlap: docs/SLURM.md).
   */
  private adoptOne(handle: JobHandle): AdoptResult {
    const detail = decodeDetail(handle);
    const wrapper = readWrapperPid(pidFileOf(handle.exitPath));
    const pid = detail?.pid ?? wrapper?.pid;
    const ticks = detail?.ticks ?? wrapper?.startTicks;
    const sameAllocation = handle.externalId === this.options.allocation.jobId && detail !== undefined;
    const step: Step = { handle, placement: detail ?? { node: '', cpus: 0, memoryMiB: 0 }, cancelled: false, ours: false, ...(pid === undefined ? {} : { pid }), ...(ticks === undefined ? {} : { ticks }) };
    if (sameAllocation && pid !== undefined && this.stillRuns(step)) {
      this.pool.occupy(step.placement);
      this.steps.set(keyOf(handle), step);
      return { handle, status: 'alive' };
    }
    if (!readExitFile(handle.exitPath)) return { handle, status: 'gone' };
    const { outcome } = this.endOf(step);
    // A step of an earlier allocation that did not end by itself ended with that allocation: rerun free.
    if (sameAllocation || outcome.kind === 'exited') return { handle, status: 'finished', outcome };
    return { handle, status: 'finished', outcome: { kind: 'lost', reason: `ended with allocation ${handle.externalId} (${describeOutcome(outcome)})` } };
  }

  async cancel(handles: readonly JobHandle[]): Promise<void> {
    for (const handle of handles) {
      const step = this.steps.get(keyOf(handle));
      if (!step) continue;
      step.cancelled = true;
      // A pid means something on its own host only (an adopted step's wrapper may run elsewhere).
      if (step.pid !== undefined && (step.ours || decodeDetail(step.handle)?.host === this.options.host)) signal(step.pid);
    }
  }

  async close(): Promise<void> {
    this.launcher?.close();
    this.launcher = undefined;
    this.options.client.close();
  }
}

function keyOf(handle: JobHandle): string {
  return `${handle.jobId}.${handle.attempt}`;
}

/** SIGTERM to a wrapper: it stops its srun (which ends the step), then records srun's status. */
function signal(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
}

function describeLeft(ms: number): string {
  return Number.isFinite(ms) ? `${Math.round(ms / 1000)} s` : 'no time limit';
}
