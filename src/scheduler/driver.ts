import type { AdoptResult, JobEvent, JobHandle, JobLaunch, JobOutcome, ResourceUsage } from '../executors/contract.js';
import { JobState, type StateCode } from '../model/job-state.js';
import type { SchedulingState } from '../model/scheduling-state.js';
import type { Transition } from '../model/transition.js';
import { chooseJobs } from './admission.js';
import { deferredEvent } from './deferrals.js';
import { DagState } from './dag-state.js';
import { FinalJobRule } from './final-job-rule.js';
import { RoundPace } from './pace.js';
import { RoundBuffer } from './round-buffer.js';
import type { DriverOptions, DriverResult, PreviousDriver, StopMode } from './driver-options.js';
import { describeOutcome } from '../model/outcome-text.js';
import { nextRequest } from './memory-sizing.js';
import { decideRetry, outcomeExitCode } from './retry-policy.js';
import { selectJobs } from './selection.js';

export type { DriverOptions, DriverResult, PreviousDriver, StopMode } from './driver-options.js';

/**
 * The driver loop (docs/ARCHITECTURE.md, "Scheduler"): ready set → executor → results → retries and
 * pruning → finalJob, with every round's transitions committed in one transaction. The scheduler owns
 * the loop and its pace; executors only answer submit/poll/cancel.
 */
export class Driver {
  readonly dag: DagState;
  private readonly options: DriverOptions;
  private readonly jobs: SchedulingState;
  private readonly active = new Map<number, JobHandle>();
  private readonly startedAt = new Map<number, number>();
  private readonly pace: RoundPace;
  private readonly finalJob: FinalJobRule;
  private readonly round = new RoundBuffer();
  private stopMode: Exclude<StopMode, 'yield'> | undefined;
  /** READY jobs this executor cannot start before it ends: they wait for a later driver. */
  private readonly elsewhere = new Set<number>();
  private launched = 0;
  private wake: (() => void) | undefined;
  /** The jobs this loop may dispatch; undefined: all. */
  private selected: ReadonlySet<number> | undefined;

  constructor(options: DriverOptions) {
    this.options = options;
    this.jobs = options.run;
    this.dag = new DagState(options.run);
    this.pace = new RoundPace(options.executor.capabilities.pace);
    this.finalJob = new FinalJobRule(options.run.finalJob, this.dag);
  }

  /** Asks the loop to stop after the current round (Ctrl-C, SIGTERM, `bps cancel`). */
  stop(mode: Exclude<StopMode, 'yield'>): void {
    if (this.stopMode !== 'cancel') this.stopMode = mode;
    this.wake?.();
  }

  /**
   * Takes in what a restart learned about the jobs an earlier driver left in flight: live ones are
   * watched again (never started a second time), finished ones are settled from their outcome, and ones
   * that left no trace run again without using up a retry. Each adoption is logged first, naming the
   * driver that died (`previous`, when its record was left behind), so `bps explain` can tell it.
   */
  adopt(results: readonly AdoptResult[], previous?: PreviousDriver): void {
    const at = this.now();
    const previousDriver = previous === undefined ? {} : { previousDriver: previous };
    for (const { handle, status } of results) this.round.event({ job: handle.jobId - 1, type: 'adopted', at, detail: { attempt: handle.attempt, status, externalId: handle.externalId, ...previousDriver } });
    this.round.commit(this.options.sink);
    for (const result of results) {
      const job = result.handle.jobId - 1;
      if (result.status === 'alive') this.active.set(job, result.handle);
      else if (result.status === 'finished') this.finish(job, result.outcome, result.usage);
      else this.setState(job, JobState.READY, { handle: null, reason: 'no trace of the attempt after the driver died; running it again' });
    }
    this.flush();
  }

  /** `restart --retry-failed`: failed and pruned jobs wait to run again, failed ones with fresh retries. */
  reopenFailed(): void {
    this.reopen(this.dag.reopen(new Set([JobState.FAILED, JobState.PRUNED])), 'reopened by restart --retry-failed');
  }

  /** A restart after `bps cancel` resumes the run: the jobs it stopped (DELETED) run again. */
  reopenDeleted(): void {
    this.reopen(this.dag.reopen(new Set([JobState.DELETED])), 'resumed by restart after a cancel');
  }

  private reopen(jobs: readonly number[], reason: string): void {
    for (const job of jobs) {
      this.jobs.retriesUsed[job] = 0;
      this.record({ job, state: this.dag.state[job] as StateCode, retriesUsed: 0, reason });
    }
    this.flush();
  }

  private readyLeft(): boolean {
    if (!this.selected) return this.dag.hasReady();
    for (const job of this.selected) if (this.dag.state[job] === JobState.READY) return true;
    return false;
  }

  async run(): Promise<DriverResult> {
    // After adopt(): what an earlier driver left in flight may have settled and changed what is needed.
    if (this.options.only) {
      const selection = selectJobs(this.dag, this.options.only);
      this.selected = selection.selected;
      this.reopen(selection.reopened, 'selected to run again');
    }
    this.releaseFinalIfDue();
    const { executor } = this.options;
    for (;;) {
      const events = await executor.poll();
      this.handleEvents(events);
      if (this.stopMode) return this.shutdown(this.stopMode);
      this.releaseFinalIfDue();
      const submitted = await this.dispatch();
      this.flush();
      // Adopted jobs outside the selection are still watched to their end, so none is left unrecorded.
      if (this.active.size === 0 && !this.readyLeft()) return this.elsewhere.size > 0 ? { kind: 'stopped', mode: 'yield' } : { kind: 'finished' };
      if (this.stopMode) return this.shutdown(this.stopMode);
      this.pace.after(events.length > 0 || submitted > 0);
      await Promise.race([executor.waitForActivity(this.pace.current()), new Promise<void>((resolve) => (this.wake = resolve))]);
      this.wake = undefined;
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private record(transition: Omit<Transition, 'at'>): void {
    this.round.transition({ ...transition, at: this.now() });
  }

  private setState(job: number, state: StateCode, extra: Omit<Transition, 'at' | 'job' | 'state'> = {}): void {
    this.dag.set(job, state);
    this.record({ job, state, ...extra });
  }

  private flush(): void {
    this.round.commit(this.options.sink);
    this.options.onRound?.(this);
  }

  /** Hands READY jobs to the executor, as many as it takes (scheduler/admission.ts); returns how many it took. */
  private async dispatch(): Promise<number> {
    const { executor, catalog } = this.options;
    const { attempt, memoryMiB } = this.jobs;
    const choice = chooseJobs({ dag: this.dag, executor, catalog, memoryOf: (job) => nextRequest(job, this.jobs, catalog), selected: this.selected });
    for (const { job, reason } of choice.refused) this.fail(job, reason);
    for (const { job } of choice.elsewhere) this.elsewhere.add(job);
    const deferred = deferredEvent(choice.elsewhere, this.jobs, this.now());
    if (deferred) this.round.event(deferred);
    if (choice.take.length === 0) return 0;
    const batch: JobLaunch[] = [];
    for (const job of choice.take) {
      const memory = nextRequest(job, this.jobs, catalog);
      memoryMiB[job] = memory;
      attempt[job] += 1;
      batch.push(catalog.launch(job, attempt[job] as number, memory));
      // Recorded and committed BEFORE the launch: a driver killed right after launching must find the
      // attempt on restart (and adopt it through its pid/exit files), never run it a second time.
      this.setState(job, JobState.PENDING, { attempt: attempt[job], memoryMiB: memory, handle: null });
    }
    this.round.commit(this.options.sink);
    this.launched += batch.length;
    for (const result of await executor.submit(batch)) {
      const job = result.ok ? result.handle.jobId - 1 : result.jobId - 1;
      if (result.ok) {
        this.active.set(job, result.handle);
        // Batch systems name the job at submit time (a Slurm id); the local pool only once it starts.
        if (result.handle.externalId !== '') this.record({ job, state: JobState.PENDING, handle: result.handle });
      } else if (result.retryLater) {
        // The batch system did not answer even after the executor's own retries: try again next round.
        this.setState(job, JobState.READY, { handle: null, reason: `not submitted (${result.error}); will try again` });
      } else this.fail(job, `could not be submitted: ${result.error}`);
    }
    return batch.length;
  }

  /** Attempts this loop handed to the executor, and READY jobs it left for a later driver. */
  progress(): { readonly launched: number; readonly waitingElsewhere: number } {
    return { launched: this.launched, waitingElsewhere: this.elsewhere.size };
  }

  private handleEvents(events: readonly JobEvent[]): void {
    for (const event of events) {
      const job = event.handle.jobId - 1;
      if (event.type === 'usage') {
        this.round.lateUsage({ job, attempt: event.handle.attempt, usage: event.usage });
        const last = this.jobs.attempt[job] === event.handle.attempt;
        if (last && this.dag.state[job] === JobState.SUCCEEDED && event.usage.maxRssMiB !== undefined) this.options.catalog.recordPeakMemory(job, event.usage.maxRssMiB);
        continue;
      }
      const current = this.active.get(job);
      if (!current || current.attempt !== event.handle.attempt) continue; // a stale attempt
      if (event.type === 'started') {
        // The executor may only know the job's pid (its external id) once it starts.
        this.active.set(job, event.handle);
        this.startedAt.set(job, event.at);
        if (this.dag.state[job] !== JobState.RUNNING) this.setState(job, JobState.RUNNING, { handle: event.handle });
      } else if (event.type === 'waiting') {
        const state = event.held ? JobState.HELD : JobState.PENDING;
        // Recorded on every change of reason too: `bps status --json` shows why a job still waits.
        if (this.dag.state[job] !== state) this.setState(job, state, { reason: event.reason });
        else this.record({ job, state, reason: event.reason });
      } else {
        this.active.delete(job);
        const started = this.startedAt.get(job);
        this.startedAt.delete(job);
        if (started !== undefined) {
          const seconds = Math.max(0, event.at - started) / 1000;
          this.options.onRunTime?.(job, seconds);
          if (event.outcome.kind === 'exited' && event.outcome.exitCode === 0) this.options.catalog.recordRunTime(job, seconds);
        }
        this.finish(job, event.outcome, event.usage);
      }
    }
  }

  private finish(job: number, outcome: JobOutcome, usage?: ResourceUsage): void {
    const succeeded = outcome.kind === 'exited' && outcome.exitCode === 0;
    const ownPeak = usage?.maxRssMiB;
    // A peak says what the label needs when the job got to its end, or as far as a memory kill let it.
    if (ownPeak !== undefined && (succeeded || outcome.kind === 'out-of-memory')) this.options.catalog.recordPeakMemory(job, ownPeak);
    if (succeeded) {
      this.setState(job, JobState.SUCCEEDED, { handle: null, outcome, exitCode: 0, ...(usage ? { usage } : {}) });
      for (const child of this.dag.releaseChildren(job)) this.record({ job: child, state: JobState.READY });
      this.finalDueAgainAfter(job);
      return;
    }
    if (this.stopMode && outcome.kind === 'cancelled') return this.afterStop(job, outcome);
    const { catalog } = this.options;
    const { retriesUsed, memoryMiB, attempt } = this.jobs;
    const seen = { ownMiB: ownPeak, labelMiB: catalog.peakMemory(job) };
    const decision = decideRetry(outcome, { retriesUsed: retriesUsed[job] as number, memoryMiB: memoryMiB[job] as number, attempt: attempt[job] as number }, catalog.policy(job), seen);
    const exitCode = outcomeExitCode(outcome);
    if (decision.action === 'retry') {
      if (decision.countsAsRetry) retriesUsed[job] += 1;
      memoryMiB[job] = decision.memoryMiB;
      this.report(job, outcome, false, decision.reason);
      this.setState(job, JobState.READY, { handle: null, outcome, exitCode, memoryMiB: decision.memoryMiB, retriesUsed: retriesUsed[job], reason: `retry: ${decision.reason}`, ...(usage ? { usage } : {}) });
    } else {
      this.report(job, outcome, true, decision.reason);
      this.fail(job, decision.reason, { outcome, exitCode, ...(usage ? { usage } : {}) });
    }
  }

  private report(job: number, outcome: JobOutcome, final: boolean, reason: string): void {
    if (!this.options.onFailure) return;
    const { name, label } = this.options.catalog.describe(job);
    this.options.onFailure({ job, name, label, outcome, final, reason });
  }

  /** A job failed for good: FAILED, and its waiting descendants PRUNED; the rest of the DAG goes on. */
  private fail(job: number, reason: string, extra: Pick<Transition, 'outcome' | 'exitCode' | 'usage'> = {}): void {
    this.setState(job, JobState.FAILED, { handle: null, reason, ...extra });
    for (const pruned of this.dag.pruneDescendants(job)) {
      this.record({ job: pruned, state: JobState.PRUNED, ancestor: job, reason: `ancestor ${this.options.catalog.describe(job).name} failed` });
    }
  }

  /** The ALWAYS finalJob becomes READY once every other job has settled, whatever the outcome. */
  private releaseFinalIfDue(): void {
    if (this.stopMode) return;
    const final = this.finalJob.due();
    if (final !== undefined) this.setState(final, JobState.READY);
  }

  /** A job succeeded after the finalJob ran: the finalJob waits to run again. */
  private finalDueAgainAfter(job: number): void {
    const final = this.finalJob.dueAgainAfter(job);
    if (final === undefined) return;
    this.jobs.retriesUsed[final] = 0;
    this.setState(final, JobState.UNREADY, { retriesUsed: 0, reason: `due again: ${this.options.catalog.describe(job).name} succeeded after it ran` });
  }

  /** Stop: cancel what runs, wait (bounded) for the cancellations to land, record them. */
  private async shutdown(mode: StopMode): Promise<DriverResult> {
    const handles = [...this.active.values()];
    if (handles.length > 0) await this.options.executor.cancel(handles);
    const deadline = this.now() + 15_000;
    while (this.active.size > 0 && this.now() < deadline) {
      await this.options.executor.waitForActivity(Math.min(200, this.options.executor.capabilities.pace.minMs));
      this.handleEvents(await this.options.executor.poll());
    }
    // Whatever did not report in time is left as it is: restart reconciles it from its exit file.
    this.flush();
    return { kind: 'stopped', mode };
  }

  private afterStop(job: number, outcome: JobOutcome): void {
    if (this.stopMode === 'cancel') {
      this.setState(job, JobState.DELETED, { handle: null, outcome, reason: 'cancelled by bps cancel' });
    } else {
      // Interrupted by the user: not the job's fault, so it runs again on restart without using a retry.
      this.setState(job, JobState.READY, { handle: null, outcome, reason: `interrupted (${describeOutcome(outcome)}); will rerun on restart` });
    }
  }
}
