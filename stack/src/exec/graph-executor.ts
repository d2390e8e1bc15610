import { getLogger } from '../log/logging.js';
import type { QuantumNode } from '../graph/model.js';
import { formatDataId } from '../util/py-repr.js';
import type { ExecContext } from './context.js';
import { executeQuantum, type QuantumOutcome } from './quantum-executor.js';

const log = getLogger('lsst.pipe.base.mp_graph_executor', 'mp_graph_executor.py');

/** The result of running a job's quanta. */
export interface JobResult {
  readonly outcomes: readonly QuantumOutcome[];
  /** Quanta not run because an upstream quantum of the same job failed. */
  readonly blocked: readonly QuantumNode[];
  /** 0 when nothing failed, else the first failure's exit code. */
  readonly exitCode: number;
}

/** For each quantum, the quanta of the same job whose outputs it reads. */
function upstreamWithin(quanta: readonly QuantumNode[]): Map<string, string[]> {
  const producer = new Map<string, string>();
  for (const q of quanta) for (const id of Object.values(q.outputs).flat()) producer.set(id, q.id);
  const upstream = new Map<string, string[]>();
  for (const q of quanta) {
    const ids = Object.values(q.inputs).flat().map((id) => producer.get(id)).filter((p): p is string => p !== undefined);
    upstream.set(q.id, [...new Set(ids)]);
  }
  return upstream;
}

/**
 * Runs quanta one after another in graph (topological) order, as the single-process MPGraphExecutor does:
 * a failure does not stop the others unless `failFast`, but quanta downstream of it within this job are
 * skipped; a progress line follows each quantum.
 */
export async function runQuanta(ctx: ExecContext, quanta: readonly QuantumNode[], opts: { failFast: boolean }): Promise<JobResult> {
  const tasks = new Map(ctx.graph.tasks.map((t) => [t.label, t]));
  const upstream = upstreamWithin(quanta);
  const failed = new Set<string>();
  const outcomes: QuantumOutcome[] = [];
  const blocked: QuantumNode[] = [];
  let exitCode = 0;
  for (const [index, quantum] of quanta.entries()) {
    const task = tasks.get(quantum.label);
    if (task === undefined) throw new Error(`graph has no task '${quantum.label}'`);
    if ((upstream.get(quantum.id) ?? []).some((id) => failed.has(id))) {
      log.error(`Upstream job failed for task ${quantum.label} (${quantum.id}@${formatDataId(quantum.dataId)}), skipping this quantum.`, 562);
      failed.add(quantum.id);
      blocked.push(quantum);
    } else {
      const outcome = await executeQuantum(ctx, task, quantum);
      outcomes.push(outcome);
      if (outcome.status === 'failed') {
        failed.add(quantum.id);
        exitCode ||= outcome.exitCode;
        log.error(`${quantum.id} (${quantum.label}@${formatDataId(quantum.dataId)}) failed; processing will continue for remaining tasks.`, 540);
      }
    }
    const succeeded = outcomes.filter((o) => o.status !== 'failed').length;
    const remaining = quanta.length - index - 1;
    log.info(`Executed ${succeeded} quanta successfully, ${failed.size} failed and ${remaining} remain out of total ${quanta.length} quanta.`, 518);
    if (opts.failFast && failed.size > 0) break;
  }
  return { outcomes, blocked, exitCode };
}
