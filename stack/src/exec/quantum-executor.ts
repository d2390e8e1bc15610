import { getLogger, setMdcLabel, startCapture } from '../log/logging.js';
import { requiredDataId } from '../graph/data-ids.js';
import type { DatasetNode, GraphTask, QuantumNode } from '../graph/model.js';
import { formatDataId } from '../util/py-repr.js';
import { nextAttempt } from './attempts.js';
import type { ExecContext } from './context.js';
import { appendExecution, type ExecutionStatus } from './executions-log.js';
import { killSelf, spendTime } from './fault-actions.js';
import { planFaults } from './faults.js';
import { TaskFailure, checkInputsExist, writeOutputs } from './quantum-io.js';

const log = getLogger('lsst.pipe.base.single_quantum_executor', 'single_quantum_executor.py');

/** How one quantum's execution ended. */
export interface QuantumOutcome {
  readonly quantum: QuantumNode;
  readonly status: ExecutionStatus;
  /** 0 on success or skip; the failure's exit code otherwise. */
  readonly exitCode: number;
  readonly exception?: { readonly className: string; readonly message: string };
}

function outputsDone(ctx: ExecContext, quantum: QuantumNode): boolean {
  const outputs = Object.values(quantum.outputs).flat().map((id) => ctx.datasetsById.get(id));
  return outputs.every((d): d is DatasetNode => d !== undefined && ctx.datastore.has(d.path, d.id));
}

type Recorder = (status: ExecutionStatus, exitCode: number | null, extra?: { signal?: string; error?: string }) => void;

/** Appends this execution's one line to the executions log, once its outcome is known. */
function recorder(ctx: ExecContext, task: GraphTask, quantum: QuantumNode, attempt: number, start: Date): Recorder {
  return (status, exitCode, extra = {}) => appendExecution(ctx.repoRoot, {
    quantumId: quantum.id, label: task.label, dataId: requiredDataId(quantum.dataId, task.dimensions),
    start: start.toISOString(), end: new Date().toISOString(), status, exitCode, ...extra,
    host: ctx.host, pid: process.pid, attempt, graphId: ctx.graph.graphId, run: ctx.graph.metadata.output_run, command: ctx.command,
  });
}

/**
 * Executes one quantum as SingleQuantumExecutor does: skip it if it already succeeded (its outputs all
 * exist), refuse it if an input is missing (FileNotFoundError), spend the task's run time (scaled by
 * STANDIN_TIME_SCALE), apply injected faults, then write its outputs atomically — `<label>_metadata`
 * last, so a quantum with metadata is a finished one. Appends one line to the executions log.
 */
export async function executeQuantum(ctx: ExecContext, task: GraphTask, quantum: QuantumNode): Promise<QuantumOutcome> {
  const attempt = nextAttempt(ctx.repoRoot, quantum.id);
  const start = new Date();
  const dataIdText = formatDataId(quantum.dataId);
  setMdcLabel(`${task.label}:${dataIdText}`);
  const stopCapture = startCapture();
  const record = recorder(ctx, task, quantum, attempt, start);
  try {
    log.info(`Preparing execution of quantum for label=${task.label} dataId=${dataIdText}.`, 205);
    if (outputsDone(ctx, quantum)) {
      log.info(`Skipping already-successful quantum for label=${task.label} dataId=${dataIdText}.`, 219);
      record('skipped', 0);
      return { quantum, status: 'skipped', exitCode: 0 };
    }
    checkInputsExist(ctx, task, quantum);
    log.info(`Constructing task and executing quantum for label=${task.label} dataId=${dataIdText}.`, 253);
    const plan = planFaults(ctx.faults, task.label, quantum.dataId, attempt);
    await spendTime(task.runTime * ctx.timeScale, plan);
    if (plan.signal !== undefined) {
      record('failed', null, { signal: plan.signal, error: `killed by ${plan.signal} (injected fault)` });
      await killSelf(plan.signal);
    }
    if (plan.fail !== undefined) throw new TaskFailure('RuntimeError', plan.fail.message, plan.fail.exitCode);
    const seconds = (Date.now() - start.getTime()) / 1000;
    log.info(`Execution of task '${task.label}' on quantum ${dataIdText} took ${seconds.toFixed(3)} seconds`, 268);
    writeOutputs(ctx, task, quantum, { attempt, start, logRecords: stopCapture() });
    record('succeeded', 0);
    return { quantum, status: 'succeeded', exitCode: 0 };
  } catch (error) {
    if (!(error instanceof TaskFailure)) throw error;
    log.error(`Execution of task '${task.label}' on quantum ${dataIdText} failed. Exception ${error.className}: ${error.message}`, 285);
    record('failed', error.exitCode, { error: `${error.className}: ${error.message}` });
    return { quantum, status: 'failed', exitCode: error.exitCode, exception: { className: error.className, message: error.message } };
  } finally {
    stopCapture();
    setMdcLabel('');
  }
}
