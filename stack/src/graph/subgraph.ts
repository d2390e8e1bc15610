import type { GraphFile, QuantumNode } from './model.js';

/** The graph restricted to some quanta: their tasks, and the datasets they touch, in the original order. */
export function subgraph(graph: GraphFile, quanta: readonly QuantumNode[]): GraphFile {
  if (quanta.length === graph.quanta.length) return graph;
  const ids = new Set(quanta.flatMap((q) => [q.inputs, q.prerequisites, q.outputs].flatMap((g) => Object.values(g).flat())));
  const labels = new Set(quanta.map((q) => q.label));
  return {
    ...graph,
    tasks: graph.tasks.filter((t) => labels.has(t.label)),
    quanta,
    datasets: graph.datasets.filter((d) => ids.has(d.id)),
  };
}
