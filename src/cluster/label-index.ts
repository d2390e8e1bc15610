import type { QuantumGraph } from '../qgraph/types.js';

/** The quanta of each task label, in graph order, as CSR: label l's are `quanta[start[l]] … quanta[start[l + 1] − 1]`. */
export interface QuantaByLabel {
  readonly start: Uint32Array;
  readonly quanta: Uint32Array;
}

/** Groups the quanta by task label with one counting sort (4 bytes per quantum). */
export function quantaByLabel(graph: QuantumGraph): QuantaByLabel {
  const start = new Uint32Array(graph.labels.length + 1);
  for (const label of graph.labelOf) start[label + 1] += 1;
  for (let l = 0; l < graph.labels.length; l += 1) start[l + 1] += start[l] as number;
  const fill = start.slice(0, graph.labels.length);
  const quanta = new Uint32Array(graph.size);
  for (let q = 0; q < graph.size; q += 1) quanta[fill[graph.labelOf[q] as number]++] = q;
  return { start, quanta };
}

/** The quanta of task label `label` (a view). */
export function quantaOfLabel(index: QuantaByLabel, label: number): Uint32Array {
  return index.quanta.subarray(index.start[label] as number, index.start[label + 1] as number);
}
