import type { DataId } from '../model/data-id.js';

export type { DataId, DataIdValue } from '../model/data-id.js';

/** One node of the QuantumGraph: one execution of one task on one data ID. */
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
 * Edges are stored as two parallel typed arrays of quantum indices so a graph of millions stays compact.
 */
export interface QuantumGraph {
  /** Quanta in file order; an index into this array is a quantum's identity inside bps-ts. */
  readonly quanta: readonly Quantum[];
  /** Task labels in pipeline (topological) order. */
  readonly labels: readonly string[];
  /** Producer quantum index of each edge. Same length as `edgeTo`; no duplicate pairs. */
  readonly edgeFrom: Uint32Array;
  /** Consumer quantum index of each edge. */
  readonly edgeTo: Uint32Array;
}
