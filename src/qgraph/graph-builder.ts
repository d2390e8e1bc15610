import { GraphError } from '../errors.js';
import type { Quantum } from './types.js';

/**
 * Collapses the bipartite dot graph into quantum→quantum edges: `Q1 -> D` and `D -> Q2` give `Q1 -> Q2`
 * (docs/ARCHITECTURE.md, "Reading the QuantumGraph"). Direct quantum→quantum edges are kept; duplicates (two datasets linking
 * the same pair) are dropped. `quantumOf(node)` is the node's quantum index or -1 for a dataset.
 */
export function quantumEdges(
  nodeCount: number,
  from: Uint32Array,
  to: Uint32Array,
  quantumOf: (node: number) => number,
  quantumCount: number,
): { edgeFrom: Uint32Array; edgeTo: Uint32Array } {
  const producer = new Int32Array(nodeCount).fill(-1);
  for (let e = 0; e < from.length; e += 1) {
    const q = quantumOf(from[e] as number);
    if (q >= 0 && quantumOf(to[e] as number) < 0) producer[to[e] as number] = q;
  }
  // Pairs as one number (producer * count + consumer) so sorting dedupes them cheaply.
  const keys: number[] = [];
  for (let e = 0; e < from.length; e += 1) {
    const consumer = quantumOf(to[e] as number);
    if (consumer < 0) continue;
    const source = quantumOf(from[e] as number);
    const parent = source >= 0 ? source : producer[from[e] as number];
    if (parent !== undefined && parent >= 0) keys.push(parent * quantumCount + consumer);
  }
  const sorted = Float64Array.from(keys).sort();
  const edgeFrom: number[] = [];
  const edgeTo: number[] = [];
  for (let i = 0; i < sorted.length; i += 1) {
    if (i > 0 && sorted[i] === sorted[i - 1]) continue;
    const key = sorted[i] as number;
    edgeFrom.push(Math.floor(key / quantumCount));
    edgeTo.push(key % quantumCount);
  }
  return { edgeFrom: Uint32Array.from(edgeFrom), edgeTo: Uint32Array.from(edgeTo) };
}

/**
 * Task labels in pipeline order: a topological order of the label-level graph, ties broken by first
 * appearance in the file. Also proves the quantum graph acyclic (Kahn's algorithm); a cycle is an error
 * naming quanta on it.
 */
export function orderLabels(quanta: readonly Quantum[], edgeFrom: Uint32Array, edgeTo: Uint32Array, path: string): string[] {
  assertAcyclic(quanta, edgeFrom, edgeTo, path);
  const labels: string[] = [];
  const index = new Map<string, number>();
  for (const q of quanta) if (!index.has(q.label)) index.set(q.label, labels.push(q.label) - 1);
  const children = labels.map(() => new Set<number>());
  for (let e = 0; e < edgeFrom.length; e += 1) {
    const a = index.get((quanta[edgeFrom[e] as number] as Quantum).label) as number;
    const b = index.get((quanta[edgeTo[e] as number] as Quantum).label) as number;
    if (a !== b) children[a]?.add(b);
  }
  const indegree = labels.map(() => 0);
  for (const set of children) for (const b of set) indegree[b] += 1;
  const order: string[] = [];
  const done = new Set<number>();
  while (order.length < labels.length) {
    const next = labels.findIndex((_, i) => !done.has(i) && indegree[i] === 0);
    // A label-level cycle without a quantum-level one (possible in odd pipelines): fall back to file order.
    const pick = next >= 0 ? next : labels.findIndex((_, i) => !done.has(i));
    done.add(pick);
    order.push(labels[pick] as string);
    for (const b of children[pick] ?? []) indegree[b] -= 1;
  }
  return order;
}

function assertAcyclic(quanta: readonly Quantum[], edgeFrom: Uint32Array, edgeTo: Uint32Array, path: string): void {
  const n = quanta.length;
  const indegree = new Uint32Array(n);
  const start = new Uint32Array(n + 1);
  for (const f of edgeFrom) start[f + 1] += 1;
  for (let i = 0; i < n; i += 1) start[i + 1] += start[i] as number;
  const fill = start.slice(0, n);
  const list = new Uint32Array(edgeFrom.length);
  for (let e = 0; e < edgeFrom.length; e += 1) {
    list[fill[edgeFrom[e] as number]++] = edgeTo[e] as number;
    indegree[edgeTo[e] as number] += 1;
  }
  const queue: number[] = [];
  for (let i = 0; i < n; i += 1) if (indegree[i] === 0) queue.push(i);
  let seen = 0;
  for (let head = 0; head < queue.length; head += 1) {
    const q = queue[head] as number;
    seen += 1;
    for (let k = start[q] as number; k < (start[q + 1] as number); k += 1) {
      const c = list[k] as number;
      if (--indegree[c] === 0) queue.push(c);
    }
  }
  if (seen === n) return;
  const onCycle: string[] = [];
  for (let i = 0; i < n && onCycle.length < 3; i += 1) if ((indegree[i] as number) > 0) onCycle.push(`${quanta[i]?.id} (${quanta[i]?.label})`);
  throw new GraphError(`${path}: the QuantumGraph has a cycle through ${onCycle.join(', ')}${n - seen > 3 ? ` and ${n - seen - 3} more` : ''}.`, {
    hint: 'A QuantumGraph must be acyclic; re-create it with pipetask qgraph.',
  });
}
