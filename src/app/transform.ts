import type { QuantumGraph } from '../qgraph/types.js';
import { buildWorkflow } from '../workflow/build.js';
import type { Workflow } from '../workflow/types.js';
import type { RunConfig } from './run-config.js';

/** The transform stage: the graph plus the per-label settings of the config → the job DAG. */
export function transformToWorkflow(graph: QuantumGraph, config: RunConfig): Workflow {
  return buildWorkflow(graph, {
    name: config.uniqProcName,
    templateDataId: config.templateDataId,
    formatValue: config.formatValue,
    labelSpec: (label) => config.labelSpec(label),
    init: config.runInit ? config.initSpec() : undefined,
    finalJob: config.finalJob(),
  });
}
