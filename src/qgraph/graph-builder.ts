import { buildCsr } from '../model/csr.js';
import { GraphError } from '../errors.js';

/** Edges as two parallel arrays of node indices. */
export interface EdgeArrays {
  readonly edgeFrom: Uint32Array;
  readonly edgeTo: Uint32Array;
}

/**
 * Sorts and deduplicates edges between `nodeCount` nodes, by source then target: a counting sort on the
 * source (CSR), then a sort of each source's few targets. Linear memory (two arrays of the edge count),
 * where sorting pairs packed into doubles needed 8 bytes per edge more and n·log n time.
 * With `dropSelf`, edges from a node to itself are dropped (the quantum graph keeps them so that the
 * acyclicity check reports them).
 */
export function dedupeEdges(nodeCount: number, from: Uint32Array, to: Uint32Array, dropSelf = false): EdgeArrays {
  const start = new Uint32Array(nodeCount + 1);
  for (let e = 0; e < from.length; e += 1) start[(from[e] as number) + 1] += 1;
  for (let n = 0; n < nodeCount; n += 1) start[n + 1] += start[n] as number;
  const targets = new Uint32Array(from.length);
  const fill = start.slice(0, nodeCount);
  for (let e = 0; e < from.length; e += 1) targets[fill[from[e] as number]++] = to[e] as number;
  let kept = 0;
  const keptPerNode = new Uint32Array(nodeCount);
  for (let n = 0; n < nodeCount; n += 1) {
    const [lo, hi] = [start[n] as number, start[n + 1] as number];
    if (hi - lo > 1) targets.subarray(lo, hi).sort();
    let previous = -1;
    for (let k = lo; k < hi; k += 1) {
      const t = targets[k] as number;
      if (t === previous || (dropSelf && t === n)) continue;
      targets[kept++] = t;
      keptPerNode[n] += 1;
      previous = t;
    }
  }
  const edgeFrom = new Uint32Array(kept);
  let e = 0;
  for (let n = 0; n < nodeCount; n += 1) for (let k = keptPerNode[n] as number; k > 0; k -= 1) edgeFrom[e++] = n;
  return { edgeFrom, edgeTo: targets.slice(0, kept) };
}

/**
 * A topological order of `nodeCount` nodes (Kahn's algorithm, ready nodes taken in index order), or the
 * nodes left on or behind a cycle when there is none: `{ order, stuck }` with `stuck` empty on success.
 */
export function topologicalOrder(nodeCount: number, from: Uint32Array, to: Uint32Array): { order: Uint32Array; stuck: number[] } {
  const { start, list } = buildCsr(nodeCount, from, to);
  const indegree = new Uint32Array(nodeCount);
  for (const t of to) indegree[t] += 1;
  const order = new Uint32Array(nodeCount);
  let tail = 0;
  for (let n = 0; n < nodeCount; n += 1) if (indegree[n] === 0) order[tail++] = n;
  for (let head = 0; head < tail; head += 1) {
    const n = order[head] as number;
    for (let k = start[n] as number; k < (start[n + 1] as number); k += 1) {
      const c = list[k] as number;
      if (--indegree[c] === 0) order[tail++] = c;
    }
  }
  const stuck: number[] = [];
  if (tail < nodeCount) for (let n = 0; n < nodeCount; n += 1) if ((indegree[n] as number) > 0) stuck.push(n);
  return { order: order.subarray(0, tail), stuck };
}

/** Throws the QuantumGraph's cycle error when the quantum edges are not a DAG; `describe(q)` names a quantum. */
export function assertAcyclic(size: number, edges: EdgeArrays, describe: (q: number) => string, path: string): void {
  const { stuck } = topologicalOrder(size, edges.edgeFrom, edges.edgeTo);
  if (stuck.length === 0) return;
  const shown = stuck.slice(0, 3).map(describe);
  throw new GraphError(`${path}: the QuantumGraph has a cycle through ${shown.join(', ')}${stuck.length > 3 ? ` and ${stuck.length - 3} more` : ''}.`, {
    hint: 'A QuantumGraph must be acyclic; re-create it with pipetask qgraph.',
  });
}

/**
 * The label-level graph: for each label, the labels of the quanta its quanta feed (never itself). A
 * pass over every edge, so a seen-pair bitmap stands in for Set lookups when labels are few.
 */
export function labelChildren(labelOf: ArrayLike<number>, labelCount: number, edges: EdgeArrays): Array<Set<number>> {
  const children = Array.from({ length: labelCount }, () => new Set<number>());
  const seen = labelCount <= 4096 ? new Uint8Array(labelCount * labelCount) : undefined;
  for (let e = 0; e < edges.edgeFrom.length; e += 1) {
    const a = labelOf[edges.edgeFrom[e] as number] as number;
    const b = labelOf[edges.edgeTo[e] as number] as number;
    if (a === b) continue;
    if (seen) {
      if (seen[a * labelCount + b] === 1) continue;
      seen[a * labelCount + b] = 1;
    }
    children[a]?.add(b);
  }
  return children;
}

/**
 * Label indices in pipeline order: a topological order of the label-level graph, ties broken by first
 * appearance (label index). A label-level cycle without a quantum-level one (possible in odd pipelines)
 * falls back to first appearance for the labels on it.
 */
export function orderLabels(labelOf: ArrayLike<number>, labelCount: number, edges: EdgeArrays): number[] {
  return orderByIndex(labelChildren(labelOf, labelCount, edges));
}

/** Kahn's algorithm over a small graph, always taking the lowest-index ready node; nodes on a cycle in index order. */
export function orderByIndex(children: ReadonlyArray<ReadonlySet<number>>): number[] {
  const count = children.length;
  const indegree = new Array<number>(count).fill(0);
  for (const set of children) for (const b of set) indegree[b] += 1;
  const order: number[] = [];
  const done = new Array<boolean>(count).fill(false);
  while (order.length < count) {
    let pick = -1;
    for (let i = 0; i < count && pick < 0; i += 1) if (!done[i] && indegree[i] === 0) pick = i;
    if (pick < 0) pick = done.indexOf(false);
    done[pick] = true;
    order.push(pick);
    for (const b of children[pick] ?? []) indegree[b] -= 1;
  }
  return order;
}
