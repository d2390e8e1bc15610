import type { JobDag } from '../report/render/graph.js';
import type { SchedulingState } from '../model/scheduling-state.js';
import type { AppContext } from './context.js';
import { findRunDir, openRun } from './run-lookup.js';

/** `bps graph RUN [--labels]`: the job DAG, or the label-level DAG (labels joined where any jobs are). */
export function runGraph(request: { run: string; labels: boolean }, ctx: AppContext): JobDag {
  const db = openRun(findRunDir(request.run, ctx), { readonly: true });
  try {
    const state = db.loadSchedulingState();
    const edges: Array<[number, number]> = [];
    for (let job = 0; job < state.jobCount; job += 1) {
      for (let k = state.childStart[job] as number; k < (state.childStart[job + 1] as number); k += 1) edges.push([job, state.childList[k] as number]);
    }
    const afterAll = settleEdges(state);
    if (request.labels) {
      const pairs = (list: ReadonlyArray<readonly [number, number]>) => {
        const set = new Set<string>();
        for (const [a, b] of list) {
          const [la, lb] = [state.labelOf[a] as number, state.labelOf[b] as number];
          if (la !== lb) set.add(`${la} ${lb}`);
        }
        return [...set].map((pair) => pair.split(' ').map((i) => `l${i}`) as [string, string]);
      };
      return {
        nodes: state.labels.map((label, i) => ({ id: `l${i}`, text: `${label.label} (${label.expected})`, group: label.label })),
        edges: pairs(edges),
        afterAll: pairs(afterAll),
      };
    }
    const ids = (list: ReadonlyArray<readonly [number, number]>) => list.map(([a, b]) => [`j${a}`, `j${b}`] as [string, string]);
    return {
      nodes: db.jobNames().map((job, i) => ({ id: `j${i}`, text: job.name, group: job.label })),
      edges: ids(edges),
      afterAll: ids(afterAll),
    };
  } finally {
    db.close();
  }
}

/**
 * A finalJob with whenRun ALWAYS has no edges in the DAG: it must run even when its would-be parents
 * failed or were pruned, so the scheduler releases it once every other job has settled instead
 * (scheduler/final-job-rule.ts). Drawn without edges it would look unconnected, so the graph shows
 * where it waits: after the sinks (the jobs nothing else waits for), dashed because no outcome of
 * theirs can stop it.
 */
function settleEdges(state: SchedulingState): Array<[number, number]> {
  const final = state.finalJob;
  if (!final?.always) return [];
  const sinks: Array<[number, number]> = [];
  for (let job = 0; job < state.jobCount; job += 1) {
    if (job !== final.index && state.childStart[job] === state.childStart[job + 1]) sinks.push([job, final.index]);
  }
  return sinks;
}
