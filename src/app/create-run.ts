/** The `prepare` stage's output: bps.sqlite with every job, edge and label setting, and the run indexed. */
import { join } from 'node:path';
import type { ClusteredQuantumGraph } from '../cluster/index.js';
import { createRunState, newRunId, registerRun, RUN_STATE_FILE, type JobInit } from '../state/index.js';
import { initialStates } from '../workflow/initial-states.js';
import type { Workflow } from '../workflow/types.js';
import type { AppContext } from './context.js';
import { jobSize } from './job-size.js';
import type { RunConfig } from './run-config.js';

export function createRun(input: { config: RunConfig; clustered: ClusteredQuantumGraph; workflow: Workflow; submitDir: string; ctx: AppContext }): string {
  const { config, clustered, workflow, submitDir, ctx } = input;
  const { graph } = clustered;
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
    tasks: graph.labels,
    jobs: jobInits(workflow, clustered, config),
    edges: { from: workflow.edgeFrom, to: workflow.edgeTo },
    initialStates: initialStates(workflow),
  });
  return runId;
}

/**
 * The jobs one at a time, so a million never exist as objects at once. Each carries its quanta per task
 * label and its own size: a cluster's memory is its largest task's, its wall time the sum of its quanta's.
 */
function* jobInits(workflow: Workflow, clustered: ClusteredQuantumGraph, config: RunConfig): Generator<JobInit> {
  const { graph } = clustered;
  for (const job of workflow.jobs) {
    const spec = workflow.labelSpecs.get(job.label);
    if (!spec) throw new Error(`no settings for label '${job.label}'`);
    // A cluster's data ID is its tags (its clustering dimensions' values); a single quantum's its own.
    const dataId = job.cluster === undefined ? null : clustered.tags(job.cluster);
    const base = { name: job.name, label: job.label, quanta: job.quanta.map((q) => graph.id(q)).sort().join(','), dataId };
    const size = jobSize(job, spec, graph, config);
    yield { ...base, memoryMiB: size.memoryMiB, ...walltime(size.walltimeSec), tasks: size.tasks };
  }
}

function walltime(seconds: number | undefined): { walltimeSec?: number } {
  return seconds === undefined ? {} : { walltimeSec: seconds };
}
