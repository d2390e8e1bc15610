import type { JobDag } from '../report/render/graph.js';
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
    if (request.labels) {
      const pairs = new Set<string>();
      for (const [a, b] of edges) {
        const [la, lb] = [state.labelOf[a] as number, state.labelOf[b] as number];
        if (la !== lb) pairs.add(`${la} ${lb}`);
      }
      return {
        nodes: state.labels.map((label, i) => ({ id: `l${i}`, text: `${label.label} (${label.expected})`, group: label.label })),
        edges: [...pairs].map((pair) => pair.split(' ').map((i) => `l${i}`) as [string, string]),
      };
    }
    return {
      nodes: db.jobNames().map((job, i) => ({ id: `j${i}`, text: job.name, group: job.label })),
      edges: edges.map(([a, b]) => [`j${a}`, `j${b}`] as [string, string]),
    };
  } finally {
    db.close();
  }
}
