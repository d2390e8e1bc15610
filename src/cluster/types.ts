import type { ValueFormatter } from '../qgraph/data-id-template.js';
import type { DataId, QuantumGraph } from '../qgraph/types.js';

/**
 * One `cluster.<label>` section of a bps config, already parsed (comma lists split, whitespace
 * trimmed), as ctrl_bps's dimension_clustering reads it. Keys other than these (requestMemory…) are job
 * settings of the cluster's jobs and are not the clustering's business.
 */
export interface ClusterSpec {
  /** The cluster label: the key under `cluster:`, and the label of the jobs it makes. */
  readonly label: string;
  /** `pipetasks`: the task labels clustered together. Labels absent from the graph are ignored (drp_pipe's files rely on it). */
  readonly pipetasks: readonly string[];
  /** `dimensions`: quanta with equal values of these share a cluster. @default [] (one cluster for all) */
  readonly dimensions?: readonly string[];
  /**
   * `equalDimensions`, e.g. `visit:exposure` as ['visit', 'exposure']: a quantum lacking one of the pair
   * takes the other's value for it (isr has `exposure` where calibrate has `visit`). @default []
   */
  readonly equalDimensions?: ReadonlyArray<readonly [string, string]>;
  /**
   * `clusterTemplate`: the cluster name, a Python format string over the clustering and partition
   * dimensions plus `label` (the cluster label), `node_label` and `node_number` (a quantum's task label
   * and UUID). Runs of `_` are collapsed and `/` becomes `_`.
   * @default `<label>_{dim1}_{dim2}…`, or `<label>` without dimensions
   */
  readonly clusterTemplate?: string;
  /**
   * `findDependencyMethod`: `source` or `sink` gathers the quanta by walking the graph from the first
   * (or last) task's quanta. Each quantum still joins the cluster its own dimension values name, so this
   * changes the order of clusters and of their quanta, never their members. Anything else is an error.
   */
  readonly findDependencyMethod?: string;
  /** `partitionDimensions`: split each cluster further by these values, across all clusters alike. @default [] */
  readonly partitionDimensions?: readonly string[];
  /** `partitionMaxClusters`: at most this many clusters for the label (0 or absent: unset). Exactly one of the two max keys. */
  readonly partitionMaxClusters?: number;
  /** `partitionMaxSize`: at most this many partition values per cluster (0 or absent: unset). */
  readonly partitionMaxSize?: number;
}

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
