/**
 * The time a run still needs, from what its jobs did so far (issue 15, item 10). Two things bound it:
 * - the critical path: the longest chain of labels still to run, each taking its observed mean (a
 *   running job only what it has left), because a child cannot start before its parent ends however
 *   many slots are free: the long single-job tail of a DRP pipeline (makeWarp → … → forcedPhotCoadd);
 * - the work left over the concurrency achieved: every waiting job's mean plus what running jobs have
 *   left, spread over as many jobs as the run has had running at once: the wide part (isr × detectors).
 * The ETA is the larger of the two (Graham's lower bound of a greedy schedule, which is close when one
 * of them dominates, as in pipelines of wide stages then a narrow tail). Labels are job labels (cluster
 * labels in a clustered run), in topological order.
 */
import type { SchedulingState } from '../model/scheduling-state.js';

/** The label DAG of a run, as the estimate needs it. */
export interface RunShape {
  /** Job labels in topological order (parents first). */
  readonly labels: readonly string[];
  /** Per label (by index), the labels whose jobs its jobs wait for. */
  readonly parents: ReadonlyArray<readonly number[]>;
  /**
   * The label that runs once every other job settled, with no edges (finalJob, whenRun ALWAYS): it ends
   * every chain. @default none
   */
  readonly afterAll?: number;
}

/** What the ETA knows of a run before its jobs run: its label DAG, and run times from earlier runs. */
export interface RunPlan {
  readonly shape: RunShape;
  /** Mean run time (seconds) per label in earlier runs of the same pipeline (app/run-history.ts). */
  readonly history: ReadonlyMap<string, number>;
}

/** One label's jobs as the estimate sees them. */
export interface LabelWork {
  readonly label: string;
  /** Jobs not started yet (waiting, ready or queued). */
  readonly pending: number;
  /** Seconds each running job has been running, when its start was seen. */
  readonly runningFor: readonly number[];
  /** Running jobs whose start was not seen (adopted from an earlier driver): taken as half done. */
  readonly runningUnseen: number;
}

/** What the estimate is made from. */
export interface EtaInput {
  readonly work: readonly LabelWork[];
  /** Mean observed run time per label, seconds; a label missing here takes `fallback`. */
  readonly meanSeconds: ReadonlyMap<string, number>;
  /** The run time of a label not seen yet (the mean over all jobs seen). */
  readonly fallback: number;
  /** The most jobs seen running at once. */
  readonly concurrency: number;
  readonly shape?: RunShape | undefined;
}

/** A running job overdue by its label's mean is given this share of the mean still to go, never zero. */
const OVERDUE_SHARE = 0.1;

/** Seconds the run still needs (see the module comment); 0 when nothing is left. */
export function estimateSeconds(input: EtaInput): number {
  const left = new Map<string, { own: number; total: number }>();
  let work = 0;
  for (const row of input.work) {
    const mean = input.meanSeconds.get(row.label) ?? input.fallback;
    const running = row.runningFor.map((elapsed) => Math.max(mean - elapsed, mean * OVERDUE_SHARE));
    const unseen = row.runningUnseen * mean * 0.5;
    const total = row.pending * mean + running.reduce((a, b) => a + b, 0) + unseen;
    // On a chain the label takes one job's time: a whole one while any waits, else its longest runner.
    const own = row.pending > 0 ? mean : Math.max(0, ...running, row.runningUnseen > 0 ? mean * 0.5 : 0);
    left.set(row.label, { own, total });
    work += total;
  }
  const spread = work / Math.max(1, input.concurrency);
  return Math.max(spread, criticalPath(input.shape, left));
}

/** The longest chain of what is left, label by label in topological order. */
function criticalPath(shape: RunShape | undefined, left: ReadonlyMap<string, { own: number }>): number {
  if (!shape) return 0;
  const finish = new Array<number>(shape.labels.length).fill(0);
  let longest = 0;
  shape.labels.forEach((label, i) => {
    if (i === shape.afterAll) return;
    const before = Math.max(0, ...(shape.parents[i] ?? []).map((p) => finish[p] ?? 0));
    finish[i] = before + (left.get(label)?.own ?? 0);
    longest = Math.max(longest, finish[i] as number);
  });
  const after = shape.afterAll === undefined ? undefined : shape.labels[shape.afterAll];
  return longest + (after === undefined ? 0 : (left.get(after)?.own ?? 0));
}

/** The label DAG of a run from its scheduling state: one pass over the job edges. */
export function runShape(state: Pick<SchedulingState, 'jobCount' | 'labels' | 'labelOf' | 'childStart' | 'childList' | 'finalJob'>): RunShape {
  const parents = state.labels.map(() => new Set<number>());
  for (let job = 0; job < state.jobCount; job += 1) {
    const from = state.labelOf[job] as number;
    for (let k = state.childStart[job] as number; k < (state.childStart[job + 1] as number); k += 1) {
      const to = state.labelOf[state.childList[k] as number] as number;
      if (to !== from) parents[to]?.add(from);
    }
  }
  const always = state.finalJob?.always ? state.labelOf[state.finalJob.index] : undefined;
  return { labels: state.labels.map((l) => l.label), parents: parents.map((p) => [...p]), ...(always === undefined ? {} : { afterAll: always }) };
}
