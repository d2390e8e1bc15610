import type { ClusteredQuantumGraph } from '../cluster/index.js';
import { GraphError } from '../errors.js';
import type { LabelSpec } from '../model/job-spec.js';
import { buildWorkflowFromClusters } from '../workflow/build-clusters.js';
import type { Workflow } from '../workflow/types.js';
import type { RunConfig } from './run-config.js';

/**
 * The transform stage (ctrl_bps's transform): one job per cluster, with its cluster label's settings
 * (a cluster label's from its task labels' by ctrl_bps's rules), plus the init and final jobs.
 */
export function transformToWorkflow(clustered: ClusteredQuantumGraph, config: RunConfig, graphId: string | undefined): Workflow {
  const tasksOf = new Map(clustered.labelInfo.map((info) => [info.label, info.taskLabels]));
  const final = config.finalJob();
  return buildWorkflowFromClusters(clustered, {
    name: config.uniqProcName,
    labelSpec: (label) => withGraphId(config.labelSpec(label, tasksOf.get(label)), graphId),
    init: config.runInit ? withGraphId(config.initSpec(), graphId) : undefined,
    finalJob: { whenRun: final.whenRun, spec: final.spec && withGraphId(final.spec, graphId) },
  });
}

/** Fills `{qgraphId}` (pre-QBB commands' `--qgraph-id`) with the ID pipetask gave the graph. */
function withGraphId(spec: LabelSpec, graphId: string | undefined): LabelSpec {
  if (!spec.command.some((word) => word.includes('{qgraphId}'))) return spec;
  if (graphId === undefined) {
    throw new GraphError(`The ${spec.label} job's command uses {qgraphId}, but pipetask did not print the graph's ID.`, {
      hint: "bps-ts reads it from pipetask's 'QuantumGraph contains … graph ID: …' line; remove --qgraph-id {qgraphId} from the command (current pipetask does not need it).",
    });
  }
  return { ...spec, command: spec.command.map((word) => word.replaceAll('{qgraphId}', graphId)) };
}
