/** Quantum clustering (ctrl_bps quantum_clustering_funcs): the QuantumGraph grouped into the clusters that become jobs. */
export { clusteringAlgorithm, DEFAULT_CLUSTER_ALGORITHM } from './algorithms.js';
export { dimensionClustering } from './dimension-clustering.js';
export { singleQuantumClustering } from './single-quantum.js';
export type { ClusteredQuantumGraph, ClusteringAlgorithm, ClusterLabelInfo, ClusterNaming, ClusterSpec } from './types.js';
