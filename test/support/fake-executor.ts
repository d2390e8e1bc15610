import type { AdoptResult, Executor, ExecutorCapabilities, JobEvent, JobHandle, JobLaunch, JobOutcome, SubmitResult } from '../../src/executors/contract.js';

/**
 * An in-memory executor for scheduler tests: a job "runs" for one poll and ends with the outcome the
 * test's `outcomeOf` picks. It records every launch so tests can check order, attempts and memory.
 */
export class FakeExecutor implements Executor {
  readonly name = 'fake';
  readonly capabilities: ExecutorCapabilities = { survivesDriver: false, wakesOnActivity: true, pace: { minMs: 1, maxMs: 1 } };
  readonly launches: JobLaunch[] = [];
  readonly cancelled: JobHandle[] = [];
  private running: Array<{ handle: JobHandle; launch: JobLaunch; started: boolean }> = [];

  constructor(
    private readonly options: {
      slots?: number;
      outcomeOf?: (launch: JobLaunch) => JobOutcome;
      maxMemoryMiB?: number;
      /** When true, jobs never end by themselves (to test stop/cancel). */
      hang?: (launch: JobLaunch) => boolean;
    } = {},
  ) {}

  freeSlots(): number {
    return (this.options.slots ?? 4) - this.running.length;
  }

  fits(_cpus: number, memoryMiB: number): boolean {
    return memoryMiB <= (this.options.maxMemoryMiB ?? Number.POSITIVE_INFINITY);
  }

  async submit(jobs: readonly JobLaunch[]): Promise<SubmitResult[]> {
    return jobs.map((launch) => {
      this.launches.push(launch);
      const handle: JobHandle = { jobId: launch.jobId, attempt: launch.attempt, externalId: `fake-${this.launches.length}`, exitPath: launch.exitPath };
      this.running.push({ handle, launch, started: false });
      return { ok: true as const, handle };
    });
  }

  async poll(): Promise<JobEvent[]> {
    const events: JobEvent[] = this.pendingCancel.map((handle) => ({
      type: 'finished' as const,
      handle,
      outcome: { kind: 'cancelled' as const, reason: 'test' },
      at: Date.now(),
    }));
    this.pendingCancel = [];
    const still: typeof this.running = [];
    for (const entry of this.running) {
      if (!entry.started) {
        entry.started = true;
        events.push({ type: 'started', handle: entry.handle, at: Date.now() });
        still.push(entry);
      } else if (this.options.hang?.(entry.launch)) {
        still.push(entry);
      } else {
        const outcome = this.options.outcomeOf?.(entry.launch) ?? { kind: 'exited', exitCode: 0 };
        events.push({ type: 'finished', handle: entry.handle, outcome, at: Date.now() });
      }
    }
    this.running = still;
    return events;
  }

  /** Yields to the event loop, as a real executor waiting on timers or pipes would. */
  async waitForActivity(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
  }

  async adopt(handles: readonly JobHandle[]): Promise<AdoptResult[]> {
    return handles.map((handle) => ({ handle, status: 'gone' as const }));
  }

  async cancel(handles: readonly JobHandle[]): Promise<void> {
    for (const handle of handles) {
      this.cancelled.push(handle);
      const index = this.running.findIndex((e) => e.handle.externalId === handle.externalId);
      if (index >= 0) {
        const [entry] = this.running.splice(index, 1);
        if (entry) this.pendingCancel.push(entry.handle);
      }
    }
  }

  private pendingCancel: JobHandle[] = [];

  async close(): Promise<void> {}
}
