/** What the config says about one cluster label, for the clustering algorithms (src/cluster/). */

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
