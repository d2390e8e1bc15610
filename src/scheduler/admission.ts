/**
 * Which READY jobs one round hands over: FIFO over the ready queue, each job checked against what the
 * executor could ever run (`fits`) and, for executors that pack jobs themselves, what it can start now
 * (`admit`: room on a node, time left in an allocation). Jobs refused for now go back to the head of the
 * queue in their order; jobs that must wait for a later driver leave this driver's queue for good (they
 * stay READY in the state file).
 */
import type { Executor, JobRequest } from '../executors/contract.js';
import type { DagState } from './dag-state.js';
import type { JobCatalog } from './ports.js';

/**
 * Consecutive `later` answers after which a round stops looking: the executor is full, and scanning a
 * million ready jobs every round to find one small enough would cost more than it wins.
 */
export const LATER_SCAN_LIMIT = 64;

/** What one round decided. */
export interface RoundChoice {
  /** Jobs to hand over now, in order (the executor reserved room for each). */
  readonly take: number[];
  /** Jobs that can never run here, with why. */
  readonly refused: Array<{ readonly job: number; readonly reason: string }>;
  /** Jobs that must wait for a later driver (an allocation with more time left), with why. */
  readonly elsewhere: Array<{ readonly job: number; readonly reason: string }>;
}

export interface ChoiceInputs {
  readonly dag: DagState;
  readonly executor: Executor;
  readonly catalog: JobCatalog;
  /** The memory request of a job's next attempt (MiB). */
  readonly memoryOf: (job: number) => number;
  /** When set, only these jobs may run (the rest stay READY for a later run). */
  readonly selected?: ReadonlySet<number> | undefined;
}

/** Takes up to `executor.freeSlots()` jobs off the ready queue. */
export function chooseJobs({ dag, executor, catalog, memoryOf, selected }: ChoiceInputs): RoundChoice {
  const choice: RoundChoice = { take: [], refused: [], elsewhere: [] };
  const later: number[] = [];
  let free = executor.freeSlots();
  while (free > 0 && later.length < LATER_SCAN_LIMIT) {
    const job = dag.nextReady();
    if (job === undefined) break;
    // Taken off the in-memory queue only: it stays READY in the state file for a later run.
    if (selected && !selected.has(job)) continue;
    const request: JobRequest = { cpus: catalog.cpus(job), memoryMiB: memoryOf(job), expectedSec: catalog.expectedSeconds(job) };
    if (!executor.fits(request.cpus, request.memoryMiB)) {
      choice.refused.push({ job, reason: `requests ${request.cpus} cores and ${request.memoryMiB} MiB, more than compute site '${executor.name}' has` });
      continue;
    }
    const admission = executor.admit?.(request) ?? { kind: 'now' };
    if (admission.kind === 'now') {
      choice.take.push(job);
      free -= 1;
    } else if (admission.kind === 'later') later.push(job);
    else if (admission.kind === 'elsewhere') choice.elsewhere.push({ job, reason: admission.reason });
    else choice.refused.push({ job, reason: admission.reason });
  }
  dag.requeueFront(later);
  return choice;
}
