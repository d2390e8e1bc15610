/** The `prepare` stage's output: bps.sqlite with every job, edge and label setting, and the run indexed. */
import { join } from 'node:path';
import type { QuantumGraph } from '../qgraph/types.js';
import { createRunState, newRunId, registerRun, RUN_STATE_FILE, type JobInit } from '../state/index.js';
import { initialStates } from '../workflow/initial-states.js';
import type { Workflow } from '../workflow/types.js';
import type { AppContext } from './context.js';
import type { RunConfig } from './run-config.js';

export function createRun(input: { config: RunConfig; graph: QuantumGraph; workflow: Workflow; submitDir: string; ctx: AppContext }): string {
  const { config, graph, workflow, submitDir, ctx } = input;
  const now = ctx.now();
  const runId = newRunId(now);
  // Indexed first: a driver killed right after the state file appears must still be found by name.
  // The index ignores entries whose folder has no bps.sqlite, so a kill in between leaves nothing wrong.
  registerRun({ runId, name: config.outputRun, uniqProcName: config.uniqProcName, submitDir, createdAt: now.toISOString() }, { bpsHome: ctx.bpsHome });
  createRunState(join(submitDir, RUN_STATE_FILE), {
    run: {
      runId, name: config.outputRun, uniqProcName: config.uniqProcName, submitDir, operator: config.operator,
      project: config.project, campaign: config.campaign, payloadName: config.payloadName,
      configPath: join(submitDir, `${config.uniqProcName}_config.yaml`),
      site: { name: config.site.name, executor: config.site.executor, settings: config.site.settings },
      createdAt: now,
    },
    labels: workflow.labels.map((label) => {
      const spec = workflow.labelSpecs.get(label);
      if (!spec) throw new Error(`no settings for label '${label}'`);
      return { label, kind: spec.kind, spec };
    }),
    jobs: jobInits(workflow, graph),
    edges: { from: workflow.edgeFrom, to: workflow.edgeTo },
    initialStates: initialStates(workflow),
  });
  return runId;
}

/** The jobs one at a time, so a million never exist as objects at once. */
function* jobInits(workflow: Workflow, graph: QuantumGraph): Generator<JobInit> {
  for (const job of workflow.jobs) {
    yield {
      name: job.name,
      label: job.label,
      quanta: job.quanta.map((q) => graph.id(q)).sort().join(','),
      dataId: job.quanta.length === 1 ? graph.dataId(job.quanta[0] as number) : null,
      memoryMiB: workflow.labelSpecs.get(job.label)?.resources.requestMemory ?? 2048,
    };
  }
}
