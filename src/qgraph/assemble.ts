import { CompactQuantumGraph } from './compact-graph.js';
import { assertAcyclic, dedupeEdges, orderLabels } from './graph-builder.js';
import { formatUuid, readUuidText } from './hex.js';
import { QuantumStore } from './quantum-store.js';
import type { Quantum, QuantumGraph } from './types.js';

/**
 * Turns collected quanta and raw quantum→quantum edges into the QuantumGraph: edges deduplicated, the
 * graph proven acyclic (an error naming `path` otherwise), labels put in pipeline order (or in the
 * given `labelOrder`, for hand-made graphs) and each quantum's label index renumbered to match.
 */
export function assembleGraph(store: QuantumStore, from: Uint32Array, to: Uint32Array, path: string, labelOrder?: readonly string[]): QuantumGraph {
  const firstSeen = store.labels;
  const tables = store.finish();
  const edges = dedupeEdges(store.count, from, to);
  const labelOfRaw = tables.labelOf.toArray();
  const describe = (q: number) => `${tables.otherIds.get(q) ?? formatUuid(tables.idWords, 4 * q)} (${firstSeen[labelOfRaw[q] as number]})`;
  assertAcyclic(store.count, edges, describe, path);
  const order = labelOrder ? orderGiven(firstSeen, labelOrder) : orderLabels(labelOfRaw, firstSeen.length, edges);
  const rank = new Uint16Array(firstSeen.length);
  order.forEach((label, i) => (rank[label] = i));
  const labelOf = new Uint16Array(store.count);
  for (let q = 0; q < store.count; q += 1) labelOf[q] = rank[labelOfRaw[q] as number] as number;
  return new CompactQuantumGraph({ ...tables, labels: order.map((i) => firstSeen[i] as string), labelOf, ...edges });
}

/** Indices of `seen` in the given order, then any label the order lacks, in first appearance. */
function orderGiven(seen: readonly string[], order: readonly string[]): number[] {
  const index = new Map(seen.map((label, i) => [label, i]));
  const result = order.filter((label) => index.has(label)).map((label) => index.get(label) as number);
  seen.forEach((_, i) => result.includes(i) || result.push(i));
  return result;
}

/**
 * A QuantumGraph from spelled-out quanta and edges between their indices: for tests and benches (the
 * dot parser builds its graph without ever making Quantum objects). `labels` fixes the label order;
 * without it, the pipeline order is derived from the edges as the parser does. Edges are deduplicated;
 * a cycle is a GraphError.
 */
export function quantumGraphFromQuanta(input: {
  readonly quanta: readonly Quantum[];
  readonly labels?: readonly string[];
  readonly edgeFrom: ArrayLike<number>;
  readonly edgeTo: ArrayLike<number>;
}): QuantumGraph {
  const store = new QuantumStore();
  const words = new Uint32Array(4);
  for (const quantum of input.quanta) {
    const pairs = Object.entries(quantum.dataId);
    const record = store.record(JSON.stringify(pairs), () => pairs);
    const isUuid = readUuidText(quantum.id, words, 0);
    store.add(isUuid ? words : null, 0, isUuid ? null : quantum.id, store.label(quantum.label), record);
  }
  return assembleGraph(store, Uint32Array.from(input.edgeFrom), Uint32Array.from(input.edgeTo), 'the QuantumGraph', input.labels);
}
