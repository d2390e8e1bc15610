import type { DataId, DataIdValue } from '../model/data-id.js';

export type { DataId, DataIdValue } from '../model/data-id.js';

/**
 * One quantum spelled out: the input of {@link quantumGraphFromQuanta} (tests, benches). The parser never
 * makes these: a million of them is most of the memory a QuantumGraph may use.
 */
export interface Quantum {
  /** The quantum's UUID as pipetask prints it (8-4-4-4-12 hex), passed back in `--qgraph-node-id`. */
  readonly id: string;
  /** The task label (e.g. `isr`). */
  readonly label: string;
  readonly dataId: DataId;
}

/**
 * The quantum-level DAG bps-ts reads from pipetask's `--qgraph-dot` export. Dataset nodes are already
 * collapsed: an edge `from → to` means quantum `to` consumes a dataset quantum `from` produces.
 *
 * A quantum is an index `0 ≤ q < size`, in file order. Everything per quantum is held in typed arrays
 * or interned tables (ids as 16 bytes, data IDs as shared cell lists), and objects are made only when
 * asked for: a graph of a million quanta is tens of MB, not the GBs of one object per quantum.
 */
export interface QuantumGraph {
  /** Number of quanta. */
  readonly size: number;
  /** Task labels in pipeline order: a topological order of the label graph, ties by first appearance. */
  readonly labels: readonly string[];
  /** Per quantum: its task label, as an index into {@link labels}. */
  readonly labelOf: Uint16Array;
  /** The quantum's id: its UUID (8-4-4-4-12 lower-case hex), or v23's integer `NodeId` number. */
  id(q: number): string;
  /** The quantum's data ID as a fresh object, keys in file order. */
  dataId(q: number): DataId;
  /** One value of the quantum's data ID, without allocating; undefined when it lacks that dimension. */
  value(q: number, dimension: string): DataIdValue | undefined;
  /** The dimension names of the quantum's data ID, in file order (an array shared between quanta: do not modify). */
  dimensions(q: number): readonly string[];
  /** Producer quantum of each edge. Same length as `edgeTo`; no duplicate pairs, no self edges. */
  readonly edgeFrom: Uint32Array;
  /** Consumer quantum of each edge. */
  readonly edgeTo: Uint32Array;
}
