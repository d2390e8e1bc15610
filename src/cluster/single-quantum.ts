import { compileTemplate } from '../qgraph/data-id-template.js';
import type { QuantumGraph } from '../qgraph/types.js';
import { ClusterBuilder } from './cluster-builder.js';
import { quantaByLabel, quantaOfLabel, type QuantaByLabel } from './label-index.js';
import type { ClusteredQuantumGraph, ClusterLabelInfo, ClusterNaming } from './types.js';

/**
 * ctrl_bps's name template of a task's single-quantum clusters: `{node_number}_{label}_` +
 * templateDataId, without `{node_number}_` when useNodeIdInClusterName is false, or just
 * `{node_number}` when templateDataId is unset.
 */
export function singleQuantumTemplate(naming: ClusterNaming, taskLabel: string): string {
  const template = typeof naming.templateDataId === 'function' ? naming.templateDataId(taskLabel) : naming.templateDataId;
  if (template === undefined) return '{node_number}';
  const useNodeId = typeof naming.useNodeIdInClusterName === 'function' ? naming.useNodeIdInClusterName(taskLabel) : (naming.useNodeIdInClusterName ?? true);
  return `${useNodeId ? '{node_number}_' : ''}{label}_${template}`;
}

/**
 * Adds one cluster per quantum of task label `task` (an index into `graph.labels`), under cluster
 * label `labelIndex`. The name is the template filled from the quantum's data ID, `label` (task label)
 * and `node_number` (UUID); a missing field is "" and runs of `_` collapse to one (ctrl_bps keeps a
 * trailing `_`: `<uuid>_calibrate_903342_10_` when the template's last dimension is missing).
 */
export function addSingleQuantumClusters(graph: QuantumGraph, byLabel: QuantaByLabel, builder: ClusterBuilder, naming: ClusterNaming, task: number, labelIndex: number): void {
  const taskLabel = graph.labels[task] as string;
  const fill = compileTemplate(singleQuantumTemplate(naming, taskLabel), naming.formatValue);
  for (const q of quantaOfLabel(byLabel, task)) {
    const name = fill((key) => (key === 'node_number' ? graph.id(q) : key === 'label' ? taskLabel : graph.value(q, key))).replace(/_+/g, '_');
    builder.add(builder.cluster(name, labelIndex, taskLabel, false), q);
  }
}

/** The label info of a task clustered one quantum per cluster. */
export function singleQuantumLabel(graph: QuantumGraph, task: number, quanta: number): ClusterLabelInfo {
  const label = graph.labels[task] as string;
  return { label, taskLabels: [label], quantaCounts: [quanta], dimensions: [], singleQuantum: true };
}

/**
 * ctrl_bps's single_quantum_clustering: one cluster per quantum, its label the task label, its tags the
 * quantum's data ID, its edges the quantum edges. Cluster labels (task labels) in pipeline order.
 */
export function singleQuantumClustering(graph: QuantumGraph, naming: ClusterNaming): ClusteredQuantumGraph {
  const builder = new ClusterBuilder(graph);
  const byLabel = quantaByLabel(graph);
  graph.labels.forEach((_, task) => addSingleQuantumClusters(graph, byLabel, builder, naming, task, task));
  const labelInfo = graph.labels.map((_, task) => singleQuantumLabel(graph, task, quantaOfLabel(byLabel, task).length));
  return builder.finish(labelInfo, (_label, q) => graph.dataId(q));
}
