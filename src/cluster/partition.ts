import { ConfigError } from '../errors.js';
import type { ClusterSpec } from './types.js';

/**
 * ctrl_bps's partition_cluster_values: numbers the partition values (the `==`-joined partitionDimensions
 * values of the quanta) 1, 2, 3…, the same numbering for every cluster of the label, which then gets a
 * `_001`, `_002`… suffix.
 *
 * The values are sorted as text (so "10" before "9", as in Python) and cut into runs of
 * - `partitionMaxSize` values each, or
 * - with `partitionMaxClusters` M and C clusters before partitioning: k = ⌊M / C⌋ runs, of
 *   ⌊n / k⌋ values, the first n mod k runs taking one more (e.g. 10 values, k = 3: 4, 3, 3).
 *
 * Errors as ctrl_bps raises them: neither or both max keys; M smaller than C.
 */
export function partitionIds(spec: ClusterSpec, values: readonly string[], clusterCount: number): Map<string, number> {
  const maxClusters = spec.partitionMaxClusters ?? 0;
  const maxSize = spec.partitionMaxSize ?? 0;
  if (!maxClusters && !maxSize) {
    throw new ConfigError(`Defined partitionDimensions for cluster ${spec.label}, but missing one of the following: partitionMaxClusters or partitionMaxSize`, {
      hint: `Set one of cluster.${spec.label}.partitionMaxClusters or cluster.${spec.label}.partitionMaxSize.`,
    });
  }
  if (maxClusters && maxSize) {
    throw new ConfigError(`Defined more than one of the following for cluster ${spec.label}: partitionMaxClusters and partitionMaxSize`, {
      hint: `Keep only one of cluster.${spec.label}.partitionMaxClusters and cluster.${spec.label}.partitionMaxSize.`,
    });
  }
  let size = maxSize;
  let remainder = 0;
  if (maxClusters) {
    if (clusterCount > maxClusters) {
      throw new ConfigError(`Cluster ${spec.label}: partitionMaxClusters (${maxClusters}) must be the same or larger than the number of cluster dimension values (${clusterCount})`, {
        hint: `Raise cluster.${spec.label}.partitionMaxClusters to at least ${clusterCount}, or use partitionMaxSize.`,
      });
    }
    const chunks = Math.floor(maxClusters / clusterCount);
    size = Math.floor(values.length / chunks);
    remainder = values.length % chunks;
  }
  const ids = new Map<string, number>();
  let id = 0;
  let inCurrent = 0;
  let currentSize = -1;
  let extraGiven = 0;
  for (const value of [...values].sort()) {
    if (currentSize < 0 || inCurrent >= currentSize) {
      id += 1;
      inCurrent = 0;
      currentSize = size;
      if (extraGiven < remainder) {
        currentSize += 1;
        extraGiven += 1;
      }
    }
    ids.set(value, id);
    inCurrent += 1;
  }
  return ids;
}

/** The suffix of partition `id`: `_` and at least three digits (Python's `:03`). */
export function partitionSuffix(id: number): string {
  return `_${String(id).padStart(3, '0')}`;
}
