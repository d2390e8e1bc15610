/**
 * Running selected jobs only (the library's `run({jobs})`, gen3_workflow's `run(jobs=[…])`): the chosen
 * jobs plus every ancestor not yet SUCCEEDED (a succeeded job never runs again), with the failed, pruned
 * and cancelled ones among them reopened, and the jobs those had pruned waiting again unless another
 * failed ancestor still prunes them.
 */
import { JobState } from '../model/job-state.js';
import type { DagState } from './dag-state.js';

const REOPENABLE = new Set<number>([JobState.FAILED, JobState.PRUNED, JobState.DELETED]);

/** What selecting did: the jobs that may run, and those whose state changed (to be recorded). */
export interface Selection {
  readonly selected: ReadonlySet<number>;
  readonly reopened: readonly number[];
}

/** Selects `jobs` and their unfinished ancestors in `dag`, reopening what must run again. */
export function selectJobs(dag: DagState, jobs: ReadonlySet<number>): Selection {
  const selected = new Set<number>();
  const stack = [...jobs];
  while (stack.length > 0) {
    const job = stack.pop() as number;
    if (selected.has(job) || dag.state[job] === JobState.SUCCEEDED) continue;
    selected.add(job);
    for (const parent of dag.parents(job)) stack.push(parent);
  }
  const reopened = [...selected].filter((job) => REOPENABLE.has(dag.state[job] as number));
  for (const job of reopened) dag.set(job, dag.waitingState(job));
  return { selected, reopened: [...reopened, ...unprune(dag, reopened)] };
}

/** PRUNED descendants of reopened jobs whose parents are no longer failed or pruned wait for them again. */
function unprune(dag: DagState, from: readonly number[]): number[] {
  const waiting: number[] = [];
  const stack = from.flatMap((job) => [...dag.children(job)]);
  while (stack.length > 0) {
    const job = stack.pop() as number;
    if (dag.state[job] !== JobState.PRUNED) continue;
    if (dag.parents(job).some((p) => dag.state[p] === JobState.FAILED || dag.state[p] === JobState.PRUNED)) continue;
    dag.set(job, dag.waitingState(job));
    waiting.push(job);
    for (const child of dag.children(job)) stack.push(child);
  }
  return waiting;
}
