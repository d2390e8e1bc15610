import { ConfigError } from '../errors.js';
import { dimensionClustering } from './dimension-clustering.js';
import { singleQuantumClustering } from './single-quantum.js';
import type { ClusteringAlgorithm } from './types.js';

const MODULE = 'lsst.ctrl.bps.quantum_clustering_funcs';

/** The clustering functions by ctrl_bps name; single-quantum clustering ignores the cluster specs, as ctrl_bps does. */
const ALGORITHMS: ReadonlyMap<string, ClusteringAlgorithm> = new Map<string, ClusteringAlgorithm>([
  ['single_quantum_clustering', (graph, _specs, naming) => singleQuantumClustering(graph, naming)],
  ['dimension_clustering', dimensionClustering],
]);

/** ctrl_bps's default `clusterAlgorithm`. */
export const DEFAULT_CLUSTER_ALGORITHM = `${MODULE}.single_quantum_clustering`;

/**
 * The function a `clusterAlgorithm` value names: ctrl_bps's full names
 * (`lsst.ctrl.bps.quantum_clustering_funcs.dimension_clustering`) or the bare function names. bps-ts
 * cannot import Python, so any other name is a ConfigError listing the supported ones.
 */
export function clusteringAlgorithm(name: string): ClusteringAlgorithm {
  const bare = name.startsWith(`${MODULE}.`) ? name.slice(MODULE.length + 1) : name;
  const algorithm = ALGORITHMS.get(bare.trim());
  if (algorithm) return algorithm;
  const supported = [...ALGORITHMS.keys()].map((fn) => `${MODULE}.${fn}`);
  throw new ConfigError(`Unknown clusterAlgorithm '${name}'.`, { hint: `Supported: ${supported.join(', ')} (or their bare function names).` });
}
