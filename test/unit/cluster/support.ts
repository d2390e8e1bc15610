import { quantumGraphFromQuanta } from '../../../src/qgraph/assemble.js';
import type { DataId, Quantum, QuantumGraph } from '../../../src/qgraph/types.js';
import type { ClusteredQuantumGraph, ClusterNaming } from '../../../src/cluster/types.js';

/** Plain formatting, as the tests of ctrl_bps use no format specs. */
export const NAMING: ClusterNaming = { templateDataId: '{D1}_{D2}_{D3}_{D4}', formatValue: (value) => String(value) };

const DIMS: ReadonlyArray<readonly [number, number]> = [[1, 2], [1, 4], [3, 4]];

/**
 * The graph ctrl_bps's clustering tests use (tests/qg_test_utils.py), rebuilt by hand: for each (D1, D2)
 * in (1,2), (1,4), (3,4): T1 → T2 → T3 → T4 and T2 → T2b, plus an unconnected T5. `uneven` drops
 * T1(1,2), T1(1,4) and T2(1,2), as if they had finished in an earlier run.
 */
export function ctrlBpsGraph(options: { uneven?: boolean } = {}): QuantumGraph {
  const quanta: Quantum[] = [];
  const index = new Map<string, number>();
  const dropped = new Set(options.uneven ? ['T1 1 2', 'T1 1 4', 'T2 1 2'] : []);
  for (const label of ['T1', 'T2', 'T2b', 'T3', 'T4', 'T5']) {
    for (const [d1, d2] of DIMS) {
      if (dropped.has(`${label} ${d1} ${d2}`)) continue;
      index.set(`${label} ${d1} ${d2}`, quanta.length);
      quanta.push({ id: `00000000-0000-7000-8000-${String(quanta.length + 1).padStart(12, '0')}`, label, dataId: { D1: d1, D2: d2 } });
    }
  }
  const [from, to]: [number[], number[]] = [[], []];
  for (const [d1, d2] of DIMS) {
    for (const [a, b] of [['T1', 'T2'], ['T2', 'T2b'], ['T2', 'T3'], ['T3', 'T4']]) {
      const [p, c] = [index.get(`${a} ${d1} ${d2}`), index.get(`${b} ${d1} ${d2}`)];
      if (p !== undefined && c !== undefined) (from.push(p), to.push(c));
    }
  }
  return quantumGraphFromQuanta({ quanta, labels: ['T1', 'T2', 'T2b', 'T3', 'T4', 'T5'], edgeFrom: from, edgeTo: to });
}

/** A cluster as ctrl_bps's test helpers dump it: label, tags ("dims") and quanta per task label. */
export interface DumpedCluster {
  readonly label: string;
  readonly dims: DataId;
  readonly counts: Readonly<Record<string, number>>;
}

/**
 * The clustered graph as ctrl_bps's tests compare it (cqg_test_utils.dump_cqg): names starting with a
 * quantum UUID become `NODENAME_<rest>`, or `NODEONLY_<label>_<dims>` when the UUID is all there is.
 */
export function dump(cqg: ClusteredQuantumGraph): { nodes: Record<string, DumpedCluster>; edges: string[] } {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const names = cqg.names.map((name, c) => {
    const parts = name.split('_');
    if (!uuid.test(parts[0] as string)) return name;
    return parts.length === 1 ? `NODEONLY_${cqg.labels[cqg.labelOf[c] as number]}_${JSON.stringify(cqg.tags(c))}` : `NODENAME_${parts.slice(1).join('_')}`;
  });
  const nodes: Record<string, DumpedCluster> = {};
  names.forEach((name, c) => {
    nodes[name] = { label: cqg.labels[cqg.labelOf[c] as number] as string, dims: cqg.tags(c), counts: Object.fromEntries(cqg.quantaCounts(c)) };
  });
  const edges = [...cqg.edgeFrom].map((f, e) => `${names[f]} -> ${names[cqg.edgeTo[e] as number]}`).sort();
  return { nodes, edges };
}

/** `{D1, D2}` tags and a count of one, for the single-quantum clusters of a label. */
export function singles(label: string, prefix = 'NODENAME_', template = (d1: number, d2: number) => `${label}_${d1}_${d2}_`): Record<string, DumpedCluster> {
  return Object.fromEntries(DIMS.map(([d1, d2]) => [`${prefix}${template(d1, d2)}`, { label, dims: { D1: d1, D2: d2 }, counts: { [label]: 1 } }]));
}

/** Clusters cl_<D1>_<D2> of a label holding one quantum of each of `tasks`. */
export function byD1D2(label: string, tasks: readonly string[], name = (d1: number, d2: number) => `${label}_${d1}_${d2}`): Record<string, DumpedCluster> {
  return Object.fromEntries(DIMS.map(([d1, d2]) => [name(d1, d2), { label, dims: { D1: d1, D2: d2 }, counts: Object.fromEntries(tasks.map((t) => [t, 1])) }]));
}

/** Edges `a(d1,d2) -> b(d1,d2)` for the three (D1, D2). */
export function perD1D2(a: (d1: number, d2: number) => string, b: (d1: number, d2: number) => string): string[] {
  return DIMS.map(([d1, d2]) => `${a(d1, d2)} -> ${b(d1, d2)}`);
}

/** The member quanta of each cluster as `label(D1,D2)`, by cluster name. */
export function members(cqg: ClusteredQuantumGraph): Record<string, string[]> {
  const g = cqg.graph;
  return Object.fromEntries(cqg.names.map((name, c) => [name, [...cqg.quantaOf(c)].map((q) => `${g.labels[g.labelOf[q] as number]}(${g.value(q, 'D1')},${g.value(q, 'D2')})`)]));
}
