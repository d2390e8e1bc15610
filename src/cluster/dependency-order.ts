import { ConfigError } from '../errors.js';
import { buildCsr } from '../model/csr.js';
import type { QuantumGraph } from '../qgraph/types.js';
import { quantaOfLabel, type QuantaByLabel } from './label-index.js';
import type { ClusterSpec } from './types.js';

/** Children (or parents) of every quantum, as CSR; built once per clustering, only when a spec walks the graph. */
export class Neighbours {
  private children: { start: Uint32Array; list: Uint32Array } | undefined;
  private parents: { start: Uint32Array; list: Uint32Array } | undefined;

  constructor(private readonly graph: QuantumGraph) {}

  of(direction: 'source' | 'sink'): { start: Uint32Array; list: Uint32Array } {
    const { graph } = this;
    if (direction === 'source') return (this.children ??= buildCsr(graph.size, graph.edgeFrom, graph.edgeTo));
    return (this.parents ??= buildCsr(graph.size, graph.edgeTo, graph.edgeFrom));
  }
}

/**
 * The order in which ctrl_bps's add_dim_clusters_dependency meets a cluster label's quanta under
 * `findDependencyMethod`: task labels in pipeline order (`source`) or reversed (`sink`); for each
 * quantum not met yet, it and then, depth first, the descendants (`source`) or ancestors (`sink`) of
 * the cluster's tasks reachable through them. Quanta of other tasks are marked met but not walked
 * through. Membership does not depend on it (each quantum's own dimensions pick its cluster); the
 * order of clusters and of their quanta does.
 */
export function dependencyOrder(graph: QuantumGraph, byLabel: QuantaByLabel, tasks: readonly number[], spec: ClusterSpec, neighbours: Neighbours): Uint32Array {
  const method = spec.findDependencyMethod;
  if (method !== 'source' && method !== 'sink') {
    throw new ConfigError(`Invalid findDependencyMethod (${method}) for cluster ${spec.label}`, { hint: 'Use source or sink, or leave findDependencyMethod unset.' });
  }
  const { start, list } = neighbours.of(method);
  const inCluster = new Uint8Array(graph.labels.length);
  for (const task of tasks) inCluster[task] = 1;
  const met = new Uint8Array(graph.size);
  const order = new Uint32Array(tasks.reduce((n, task) => n + quantaOfLabel(byLabel, task).length, 0));
  let filled = 0;
  const stack: number[] = [];
  for (const task of method === 'source' ? tasks : [...tasks].reverse()) {
    for (const q of quantaOfLabel(byLabel, task)) {
      if (met[q] === 1) continue;
      met[q] = 1;
      order[filled++] = q;
      stack.push(q);
      while (stack.length > 0) {
        const node = stack.pop() as number;
        for (let k = start[node] as number; k < (start[node + 1] as number); k += 1) {
          const next = list[k] as number;
          if (met[next] === 1) continue;
          met[next] = 1;
          if (inCluster[graph.labelOf[next] as number] === 1) {
            order[filled++] = next;
            stack.push(next);
          }
        }
      }
    }
  }
  return order;
}
