import type { ClusteredQuantumGraph } from '../cluster/types.js';
import { assembleWorkflow, type DagOptions } from './assemble.js';
import type { Workflow } from './types.js';

/**
 * The job DAG of a ClusteredQuantumGraph: one job per cluster, named as the cluster, labelled with the
 * cluster label and holding its quanta; the cluster edges as job edges; init and final jobs as
 * {@link buildWorkflow} adds them. `labelSpec` is asked for cluster labels.
 */
export function buildWorkflowFromClusters(clusters: ClusteredQuantumGraph, options: DagOptions): Workflow {
  const job = (c: number) => {
    const start = clusters.quantaStart[c] as number;
    const end = clusters.quantaStart[c + 1] as number;
    // One-quantum clusters (most of them) get a one-element array rather than a copy of a typed view.
    const quanta = end - start === 1 ? [clusters.quanta[start] as number] : Array.from(clusters.quanta.subarray(start, end));
    return { name: clusters.names[c] as string, label: clusters.labels[clusters.labelOf[c] as number] as string, quanta, cluster: c };
  };
  return assembleWorkflow({ size: clusters.size, labels: clusters.labels, job, edgeFrom: clusters.edgeFrom, edgeTo: clusters.edgeTo }, options);
}
