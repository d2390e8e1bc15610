import type { DatasetNode, GraphTask, QuantumNode } from '../graph/model.js';
import type { LogRecord } from '../log/logging.js';
import { formatDataId } from '../util/py-repr.js';
import type { ExecContext } from './context.js';

/** A task failure, as the exception a PipelineTask raises: class name, message, and the exit code to use. */
export class TaskFailure extends Error {
  constructor(readonly className: string, message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'TaskFailure';
  }
}

/** Every input, prerequisite and init-input must exist with the id the graph predicted. */
export function checkInputsExist(ctx: ExecContext, task: GraphTask, quantum: QuantumNode): void {
  const ids = [...Object.values(quantum.inputs).flat(), ...Object.values(quantum.prerequisites).flat(), ...Object.values(task.initInputs)];
  for (const id of ids) {
    const dataset = ctx.datasetsById.get(id);
    if (dataset === undefined) throw new TaskFailure('KeyError', `Dataset ${id} is not in the quantum graph.`);
    if (!ctx.datastore.has(dataset.path, dataset.id)) {
      throw new TaskFailure('FileNotFoundError', `Dataset ${dataset.datasetType}@${formatDataId(dataset.dataId)} `
        + `(id=${dataset.id}) not found in datastore: ${ctx.datastore.absolutePath(dataset.path)}`);
    }
  }
}

function storageClass(ctx: ExecContext, dataset: DatasetNode): string {
  return ctx.graph.datasetTypes[dataset.datasetType]?.storageClass ?? 'StructuredDataDict';
}

/**
 * Writes a quantum's outputs, each atomically; `_log` (holding the quantum's log records) and then
 * `_metadata` go last, so `_metadata` existing means every other output exists too.
 */
export function writeOutputs(ctx: ExecContext, task: GraphTask, quantum: QuantumNode, info: { attempt: number; start: Date; logRecords: LogRecord[] }): void {
  const producer = { quantumId: quantum.id, label: task.label, host: ctx.host, pid: process.pid, attempt: info.attempt, time: new Date().toISOString() };
  const last = new Set(['_log', '_metadata']);
  const fields = [...Object.keys(quantum.outputs).filter((f) => !last.has(f)), '_log', '_metadata'];
  for (const field of fields) {
    for (const id of quantum.outputs[field] ?? []) {
      const dataset = ctx.datasetsById.get(id);
      if (dataset === undefined) continue;
      const content = field === '_log' ? info.logRecords
        : field === '_metadata' ? { quantum: { startUtc: info.start.toISOString(), endUtc: new Date().toISOString(), nodeName: ctx.host } }
          : undefined;
      ctx.datastore.write(dataset.path, {
        id: dataset.id, datasetType: dataset.datasetType, run: dataset.run, dataId: dataset.dataId,
        storageClass: storageClass(ctx, dataset), producer, ...(content === undefined ? {} : { content }),
      });
    }
  }
}
