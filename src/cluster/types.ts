import type { ValueFormatter } from '../qgraph/data-id-template.js';
import type { DataId, QuantumGraph } from '../qgraph/types.js';
import type { ClusterSpec } from '../model/cluster-spec.js';

export type { ClusterSpec } from '../model/cluster-spec.js';

/**
 * How single-quantum clusters are named (ctrl_bps: `{node_number}_{label}_` + templateDataId, with
 * missing dimensions as "" and runs of `_` collapsed; just `{node_number}` when templateDataId is unset).
 */
export interface ClusterNaming {
  /** `templateDataId`, or a function giving it per task label (ctrl_bps looks it up per pipetask); undefined = unset. */
  readonly templateDataId?: string | ((taskLabel: string) => string | undefined);
  /** `useNodeIdInClusterName`: start names with the quantum UUID. @default true */
  readonly useNodeIdInClusterName?: boolean | ((taskLabel: string) => boolean);
  /** Formats `{key:spec}` values (the config layer's Python format-spec rules). */
  readonly formatValue: ValueFormatter;
}

/** One cluster label of a {@link ClusteredQuantumGraph}. */
export interface ClusterLabelInfo {
  /** The cluster label: a `cluster.<label>` key, or a task label clustered one quantum per cluster. */
  readonly label: string;
  /** Its task labels, in pipeline order (only those with quanta in the graph). */
  readonly taskLabels: readonly string[];
  /** Quanta of each of those task labels in the whole graph (parallel to `taskLabels`). */
  readonly quantaCounts: readonly number[];
  /** Its clusters' tag dimensions: the spec's `dimensions`; empty for single-quantum labels (tagged with the data ID). */
  readonly dimensions: readonly string[];
  /** Whether it clusters one quantum per cluster. */
  readonly singleQuantum: boolean;
}

/**
 * The QuantumGraph grouped into clusters (ctrl_bps's ClusteredQuantumGraph), each cluster becoming one
 * job. Clusters are indices `0 ≤ c < size` in a topological order (parents first), with their data in
 * typed arrays: a million single-quantum clusters cost a few tens of MB beyond their names.
 */
export interface ClusteredQuantumGraph {
  /** The graph that was clustered. */
  readonly graph: QuantumGraph;
  /** Number of clusters. */
  readonly size: number;
  /** Cluster labels in topological order. */
  readonly labels: readonly string[];
  /** Per cluster label (parallel to `labels`): its task labels, quanta counts and tag dimensions. */
  readonly labelInfo: readonly ClusterLabelInfo[];
  /** Per cluster: its label, as an index into `labels`. */
  readonly labelOf: Uint16Array;
  /** Per cluster: its name, unique, never containing `/`. */
  readonly names: readonly string[];
  /** CSR of members: cluster c holds quanta `quanta[quantaStart[c]] … quanta[quantaStart[c + 1] − 1]`, in the order ctrl_bps adds them. */
  readonly quantaStart: Uint32Array;
  readonly quanta: Uint32Array;
  /** Per quantum: its cluster. */
  readonly clusterOf: Uint32Array;
  /** Cluster dependencies: the quantum edges mapped to clusters, deduplicated, never a self edge. */
  readonly edgeFrom: Uint32Array;
  readonly edgeTo: Uint32Array;
  /** The members of cluster c (a view; do not modify). */
  quantaOf(c: number): Uint32Array;
  /** ctrl_bps's cluster tags: the clustering dimensions' values, or a single quantum's data ID. */
  tags(c: number): DataId;
  /** Quanta per task label in cluster c (ctrl_bps's `quanta_counts`). */
  quantaCounts(c: number): ReadonlyMap<string, number>;
}

/** A clustering function: the QuantumGraph in, clusters out. */
export type ClusteringAlgorithm = (graph: QuantumGraph, specs: readonly ClusterSpec[], naming: ClusterNaming) => ClusteredQuantumGraph;
