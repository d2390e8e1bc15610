import { join } from 'node:path';
import type { JobDag } from '../report/render/graph.js';
import { RunDatabase } from '../state/run-db.js';
import { RUN_STATE_FILE } from '../state/run-index.js';
import type { AppContext } from './context.js';
import { findRunDir } from './run-state.js';

/** `bps graph RUN [--labels]`: the job DAG, or the label-level DAG (labels joined where any jobs are). */
export function runGraph(request: { run: string; labels: boolean }, ctx: AppContext): JobDag {
  const db = RunDatabase.open(join(findRunDir(request.run, ctx), RUN_STATE_FILE), { readonly: true });
  try {
    const snapshot = db.snapshot();
    if (request.labels) {
      const edges = new Set<string>();
      for (let e = 0; e < snapshot.edgeFrom.length; e += 1) {
        const [a, b] = [snapshot.labelOf[snapshot.edgeFrom[e] as number] as number, snapshot.labelOf[snapshot.edgeTo[e] as number] as number];
        if (a !== b) edges.add(`${a} ${b}`);
      }
      const counts = db.labels();
      return {
        nodes: snapshot.labels.map((label, i) => ({ id: `l${i}`, text: `${label} (${counts[i]?.expected ?? 0})`, group: label })),
        edges: [...edges].map((pair) => pair.split(' ').map((i) => `l${i}`) as [string, string]),
      };
    }
    return {
      nodes: db.jobNames().map((job, i) => ({ id: `j${i}`, text: job.name, group: job.label })),
      edges: Array.from(snapshot.edgeFrom, (from, e) => [`j${from}`, `j${snapshot.edgeTo[e]}`] as [string, string]),
    };
  } finally {
    db.close();
  }
}
