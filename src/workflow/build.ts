import { singleQuantumClustering } from '../cluster/single-quantum.js';
import type { QuantumGraph } from '../qgraph/types.js';
import type { WorkflowOptions } from './assemble.js';
import { buildWorkflowFromClusters } from './build-clusters.js';
import type { Workflow } from './types.js';

export type { DagOptions, PayloadDag, WorkflowOptions } from './assemble.js';

/**
 * The job DAG with one job per quantum (ctrl_bps's single-quantum clustering, its job names): a shorthand
 * of {@link buildWorkflowFromClusters} for a graph that is not clustered otherwise.
 */
export function buildWorkflow(graph: QuantumGraph, options: WorkflowOptions): Workflow {
  return buildWorkflowFromClusters(singleQuantumClustering(graph, { templateDataId: options.templateDataId, formatValue: options.formatValue }), options);
}
