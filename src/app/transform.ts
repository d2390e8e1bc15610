import type { ClusteredQuantumGraph } from '../cluster/index.js';
import { buildWorkflowFromClusters } from '../workflow/build-clusters.js';
import type { Workflow } from '../workflow/types.js';
import type { RunConfig } from './run-config.js';

/**
 * The transform stage (ctrl_bps's transform): one job per cluster, with its cluster label's settings
 * (a cluster label's from its task labels' by ctrl_bps's rules), plus the init and final jobs.
 */
export function transformToWorkflow(clustered: ClusteredQuantumGraph, config: RunConfig): Workflow {
  const tasksOf = new Map(clustered.labelInfo.map((info) => [info.label, info.taskLabels]));
  return buildWorkflowFromClusters(clustered, {
    name: config.uniqProcName,
    labelSpec: (label) => config.labelSpec(label, tasksOf.get(label)),
    init: config.runInit ? config.initSpec() : undefined,
    finalJob: config.finalJob(),
  });
}
