import { reverseCsr, type Csr } from '../model/csr.js';
import { countSlot, isSettled, JobState, STATE_SLOTS, type StateCode } from '../model/job-state.js';
import type { SchedulingState } from '../model/scheduling-state.js';

/**
 * The scheduler's in-memory view of the DAG, compact enough for millions of jobs (Node's spawn rate falls
 * as the heap grows: docs/ARCHITECTURE.md): the run's typed arrays, the parents as CSR next to the stored
 * children, a FIFO of ready jobs, and per-label state counts kept current for progress display.
 */
export class DagState {
  readonly size: number;
  readonly state: Uint8Array;
  /** Parents not yet SUCCEEDED; a job becomes READY when this reaches 0. */
  readonly pendingParents: Uint32Array;
  readonly labelOf: Uint16Array;
  /** Counts laid out by countSlot(label, state). */
  readonly counts: Int32Array;
  private readonly childCsr: Csr;
  private readonly parentCsr: Csr;
  private readonly ready: number[] = [];
  private readyHead = 0;
  /** The finalJob when it runs once everything else settled (whenRun ALWAYS): never READY by its parents. */
  private readonly finalAlways: number | undefined;

  constructor(run: Pick<SchedulingState, 'jobCount' | 'labels' | 'labelOf' | 'state' | 'childStart' | 'childList' | 'finalJob'>) {
    this.size = run.jobCount;
    this.finalAlways = run.finalJob?.always ? run.finalJob.index : undefined;
    this.state = run.state;
    this.labelOf = run.labelOf;
    this.childCsr = { start: run.childStart, list: run.childList };
    this.parentCsr = reverseCsr(this.childCsr);
    this.pendingParents = new Uint32Array(this.size);
    this.counts = new Int32Array(run.labels.length * STATE_SLOTS);
    for (let job = 0; job < this.size; job += 1) {
      this.counts[countSlot(this.labelOf[job] as number, this.state[job] as number)] += 1;
      let pending = 0;
      for (const parent of this.parents(job)) if (this.state[parent] !== JobState.SUCCEEDED) pending += 1;
      this.pendingParents[job] = pending;
      if (this.state[job] === JobState.READY) this.ready.push(job);
    }
  }

  /** Changes a job's state, keeping the label counts right. */
  set(job: number, next: StateCode): void {
    const label = this.labelOf[job] as number;
    this.counts[countSlot(label, this.state[job] as number)] -= 1;
    this.counts[countSlot(label, next)] += 1;
    this.state[job] = next;
    if (next === JobState.READY) this.ready.push(job);
  }

  /** Takes the next READY job off the queue (skipping any that changed state since they were queued). */
  nextReady(): number | undefined {
    while (this.readyHead < this.ready.length) {
      const job = this.ready[this.readyHead] as number;
      this.readyHead += 1;
      if (this.readyHead > 4096 && this.readyHead * 2 > this.ready.length) {
        this.ready.splice(0, this.readyHead);
        this.readyHead = 0;
      }
      if (this.state[job] === JobState.READY) return job;
    }
    return undefined;
  }

  /** Puts jobs taken with {@link nextReady} back at the head of the queue, in the given order. */
  requeueFront(jobs: readonly number[]): void {
    if (jobs.length === 0) return;
    if (this.readyHead >= jobs.length) {
      this.readyHead -= jobs.length;
      for (let i = 0; i < jobs.length; i += 1) this.ready[this.readyHead + i] = jobs[i] as number;
    } else {
      this.ready.splice(0, this.readyHead, ...jobs);
      this.readyHead = 0;
    }
  }

  hasReady(): boolean {
    for (let i = this.readyHead; i < this.ready.length; i += 1) if (this.state[this.ready[i] as number] === JobState.READY) return true;
    return false;
  }

  children(job: number): Uint32Array {
    return this.childCsr.list.subarray(this.childCsr.start[job], this.childCsr.start[job + 1]);
  }

  parents(job: number): Uint32Array {
    return this.parentCsr.list.subarray(this.parentCsr.start[job], this.parentCsr.start[job + 1]);
  }

  /**
   * A job succeeded: its children lose a pending parent, and those with none left become READY.
   * Returns the jobs that became READY.
   */
  releaseChildren(job: number): number[] {
    const released: number[] = [];
    for (const child of this.children(job)) {
      this.pendingParents[child] -= 1;
      if (this.pendingParents[child] === 0 && this.state[child] === JobState.UNREADY) {
        this.set(child, JobState.READY);
        released.push(child);
      }
    }
    return released;
  }

  /** A job failed for good: every descendant still waiting becomes PRUNED. Returns them. */
  pruneDescendants(job: number): number[] {
    const pruned: number[] = [];
    const stack = [...this.children(job)];
    while (stack.length > 0) {
      const next = stack.pop() as number;
      if (this.state[next] !== JobState.UNREADY && this.state[next] !== JobState.READY) continue;
      this.set(next, JobState.PRUNED);
      pruned.push(next);
      for (const child of this.children(next)) stack.push(child);
    }
    return pruned;
  }

  /**
   * Jobs in one of `states` wait again: READY when all their parents succeeded, else UNREADY. An ALWAYS
   * finalJob waits UNREADY for everything else to settle, whatever its (absent) parents. Returns them.
   */
  reopen(states: ReadonlySet<number>): number[] {
    const reopened: number[] = [];
    for (let job = 0; job < this.size; job += 1) {
      if (!states.has(this.state[job] as number)) continue;
      this.set(job, this.waitingState(job));
      reopened.push(job);
    }
    return reopened;
  }

  /** The state a job that must run (again) waits in. */
  waitingState(job: number): StateCode {
    return this.pendingParents[job] === 0 && job !== this.finalAlways ? JobState.READY : JobState.UNREADY;
  }

  /** Jobs not yet settled, over all labels (O(labels), from the counts). */
  unsettledCount(): number {
    let total = 0;
    for (let i = 0; i < this.counts.length; i += 1) if (!isSettled(i % STATE_SLOTS)) total += this.counts[i] as number;
    return total;
  }

  /** Count of jobs of a label in a state. */
  count(label: number, state: number): number {
    return this.counts[countSlot(label, state)] as number;
  }
}
