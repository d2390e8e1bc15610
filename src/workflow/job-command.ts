import type { QuantumGraph } from '../qgraph/types.js';
import type { Workflow } from './types.js';

/**
 * The argv of one job: its label's command with the per-job placeholders filled in. `{qgraphNodeId}` is
 * the job's quantum UUIDs, sorted and comma-joined (ctrl_bps transform.py); `{jobName}` its name.
 * Per-label commands are resolved once at transform time; only these two values vary per job, which
 * keeps a million-job workflow from holding a million argv arrays.
 */
export function jobArgv(workflow: Workflow, graph: QuantumGraph, jobIndex: number): string[] {
  const job = workflow.jobs[jobIndex];
  if (job === undefined) throw new RangeError(`no job ${jobIndex} in workflow ${workflow.name}`);
  const spec = workflow.labelSpecs.get(job.label);
  if (spec === undefined) throw new Error(`no settings for label ${job.label}`);
  const nodeIds = job.quanta.map((q) => graph.id(q)).sort().join(',');
  return fillJobPlaceholders(spec.command, { qgraphNodeId: nodeIds, jobName: job.name });
}

/** Replaces `{qgraphNodeId}` and `{jobName}` in each word; other text is left exactly as it is. */
export function fillJobPlaceholders(
  command: readonly string[],
  values: { readonly qgraphNodeId: string; readonly jobName: string },
): string[] {
  return command.map((word) =>
    word.includes('{') ? word.replaceAll('{qgraphNodeId}', values.qgraphNodeId).replaceAll('{jobName}', values.jobName) : word,
  );
}
