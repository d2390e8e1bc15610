import { nextAttempt } from './attempts.js';
import type { ExecContext } from './context.js';
import { appendExecution } from './executions-log.js';
import { killSelf, spendTime } from './fault-actions.js';
import { planFaults } from './faults.js';
import { TaskFailure } from './quantum-io.js';

/**
 * Runs a graph-wide step (init: label `pipetaskInit`; final: `finalJob`) with the same bookkeeping as a
 * quantum: attempt counting, fault injection by label, and one executions-log line. A failure is
 * re-thrown as {@link TaskFailure} for the command to report.
 */
export async function runJobStep(ctx: ExecContext, label: string, seconds: number, work: () => void): Promise<void> {
  const attempt = nextAttempt(ctx.repoRoot, `${label}-${ctx.graph.graphId}`);
  const start = new Date();
  const record = (status: 'succeeded' | 'failed', exitCode: number | null, extra: { signal?: string; error?: string } = {}): void => {
    appendExecution(ctx.repoRoot, {
      quantumId: null, label, dataId: {}, start: start.toISOString(), end: new Date().toISOString(), status, exitCode, ...extra,
      host: ctx.host, pid: process.pid, attempt, graphId: ctx.graph.graphId, run: ctx.graph.metadata.output_run, command: ctx.command,
    });
  };
  try {
    const plan = planFaults(ctx.faults, label, {}, attempt);
    await spendTime(seconds * ctx.timeScale, plan);
    if (plan.signal !== undefined) {
      record('failed', null, { signal: plan.signal });
      await killSelf(plan.signal);
    }
    if (plan.fail !== undefined) throw new TaskFailure('RuntimeError', plan.fail.message, plan.fail.exitCode);
    work();
    record('succeeded', 0);
  } catch (error) {
    const failure = error instanceof TaskFailure ? error
      : new TaskFailure(error instanceof Error && 'pythonClass' in error ? String(error.pythonClass) : 'RuntimeError',
        error instanceof Error ? error.message : String(error), error instanceof Error && 'exitCode' in error ? Number(error.exitCode) : 1);
    record('failed', failure.exitCode, { error: `${failure.className}: ${failure.message}` });
    throw failure;
  }
}
