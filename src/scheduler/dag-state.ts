import { JobState } from '../workflow/types.js';

/** Job states as their numeric codes (ctrl_bps WmsStates values). */
export type StateCode = (typeof JobState)[keyof typeof JobState];

const SETTLED = new Set<number>([JobState.SUCCEEDED, JobState.FAILED, JobState.PRUNED, JobState.DELETED]);

/** True for states a job never leaves on its own (a restart with --retry-failed may reopen FAILED/PRUNED). */
export function isSettled(state: number): boolean {
  return SETTLED.has(state);
}

/**
 * The scheduler's in-memory view of the DAG, compact enough for millions of jobs (ARCHITECTURE.md: Node's
 * spawn rate falls as the heap grows): typed arrays indexed by job index, children and parents in CSR
 * form, a FIFO of ready jobs, and per-label state counts kept current for progress display.
 */
export class DagState {
  readonly size: number;
  readonly state: Uint8Array;
  /** Parents not yet SUCCEEDED; a job becomes READY when this reaches 0. */
  readonly pendingParents: Uint32Array;
  readonly childStart: Uint32Array;
  readonly childList: Uint32Array;
  readonly parentStart: Uint32Array;
  readonly parentList: Uint32Array;
  readonly labelOf: Uint16Array;
  /** counts[label * STRIDE + state] */
  readonly counts: Int32Array;
  private readonly ready: number[] = [];
  private readyHead = 0;

  static readonly STRIDE = 21;

  constructor(options: { states: Uint8Array; labelOf: Uint16Array; labelCount: number; edgeFrom: Uint32Array; edgeTo: Uint32Array }) {
    this.size = options.states.length;
    this.state = options.states;
    this.labelOf = options.labelOf;
    [this.childStart, this.childList] = csr(this.size, options.edgeFrom, options.edgeTo);
    [this.parentStart, this.parentList] = csr(this.size, options.edgeTo, options.edgeFrom);
    this.pendingParents = new Uint32Array(this.size);
    this.counts = new Int32Array(options.labelCount * DagState.STRIDE);
    for (let job = 0; job < this.size; job += 1) {
      this.counts[(this.labelOf[job] as number) * DagState.STRIDE + (this.state[job] as number)] += 1;
      let pending = 0;
      for (let p = this.parentStart[job] as number; p < (this.parentStart[job + 1] as number); p += 1) {
        if (this.state[this.parentList[p] as number] !== JobState.SUCCEEDED) pending += 1;
      }
      this.pendingParents[job] = pending;
      if (this.state[job] === JobState.READY) this.ready.push(job);
    }
  }

  /** Changes a job's state, keeping the label counts right. */
  set(job: number, next: StateCode): void {
    const label = (this.labelOf[job] as number) * DagState.STRIDE;
    this.counts[label + (this.state[job] as number)] -= 1;
    this.counts[label + next] += 1;
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

  /** Puts a READY job back at the front (it could not be dispatched this round). */
  unshiftReady(job: number): void {
    if (this.readyHead > 0) {
      this.readyHead -= 1;
      this.ready[this.readyHead] = job;
    } else this.ready.unshift(job);
  }

  hasReady(): boolean {
    for (let i = this.readyHead; i < this.ready.length; i += 1) if (this.state[this.ready[i] as number] === JobState.READY) return true;
    return false;
  }

  children(job: number): Uint32Array {
    return this.childList.subarray(this.childStart[job], this.childStart[job + 1]);
  }

  parents(job: number): Uint32Array {
    return this.parentList.subarray(this.parentStart[job], this.parentStart[job + 1]);
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
   * `restart --retry-failed`: FAILED jobs become READY again (their parents all succeeded, or they would
   * not have run) and PRUNED ones UNREADY, waiting on their parents as before. Returns the reopened jobs.
   */
  reopenFailed(): number[] {
    const reopened: number[] = [];
    for (let job = 0; job < this.size; job += 1) {
      const state = this.state[job];
      if (state !== JobState.FAILED && state !== JobState.PRUNED) continue;
      this.set(job, this.pendingParents[job] === 0 ? JobState.READY : JobState.UNREADY);
      reopened.push(job);
    }
    return reopened;
  }

  /** DELETED (cancelled) jobs become READY again; their parents had all succeeded, or they would not have run. */
  reopenDeleted(): number[] {
    const reopened: number[] = [];
    for (let job = 0; job < this.size; job += 1) {
      if (this.state[job] !== JobState.DELETED) continue;
      this.set(job, this.pendingParents[job] === 0 ? JobState.READY : JobState.UNREADY);
      reopened.push(job);
    }
    return reopened;
  }

  /** Jobs not yet settled, over all labels (O(labels), from the counts). */
  unsettledCount(): number {
    let total = 0;
    for (let i = 0; i < this.counts.length; i += 1) if (!isSettled(i % DagState.STRIDE)) total += this.counts[i] as number;
    return total;
  }

  /** Count of jobs of a label in a state. */
  count(label: number, state: number): number {
    return this.counts[label * DagState.STRIDE + state] as number;
  }
}

/** Compressed sparse rows: for each node, the slice of its neighbours. */
function csr(size: number, from: Uint32Array, to: Uint32Array): [Uint32Array, Uint32Array] {
  const start = new Uint32Array(size + 1);
  for (const f of from) start[f + 1] += 1;
  for (let i = 0; i < size; i += 1) start[i + 1] += start[i] as number;
  const fill = start.slice(0, size);
  const list = new Uint32Array(from.length);
  for (let e = 0; e < from.length; e += 1) {
    const f = from[e] as number;
    list[fill[f] as number] = to[e] as number;
    fill[f] += 1;
  }
  return [start, list];
}
