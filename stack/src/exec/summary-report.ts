import type { GraphFile, QuantumNode } from '../graph/model.js';
import { requiredDataId } from '../graph/data-ids.js';
import { writeFileAtomic } from '../util/files.js';
import type { JobResult } from './graph-executor.js';

/** `QgraphSummary` of pipe_base's graphSummary.py, for the given quanta. */
export function qgraphSummary(graph: GraphFile, quanta: readonly QuantumNode[]): Record<string, unknown> {
  const byId = new Map([...graph.datasets, ...graph.initDatasets].map((d) => [d.id, d]));
  const summaries: Record<string, { taskLabel: string; numQuanta: number; numInputs: Record<string, number>; numOutputs: Record<string, number> }> = {};
  const count = (into: Record<string, number>, ids: readonly string[]): void => {
    for (const id of ids) {
      const type = byId.get(id)?.datasetType;
      if (type !== undefined) into[type] = (into[type] ?? 0) + 1;
    }
  };
  for (const q of quanta) {
    const s = (summaries[q.label] ??= { taskLabel: q.label, numQuanta: 0, numInputs: {}, numOutputs: {} });
    s.numQuanta += 1;
    count(s.numInputs, [...Object.values(q.inputs).flat(), ...Object.values(q.prerequisites).flat()]);
    count(s.numOutputs, Object.values(q.outputs).flat());
  }
  return {
    graphID: graph.graphId, cmdLine: graph.metadata.full_command, creationUTC: graph.metadata.time,
    inputCollection: graph.metadata.input, outputCollection: graph.metadata.output, outputRun: graph.metadata.output_run,
    qgraphTaskSummaries: summaries,
  };
}

/**
 * `--summary FILE`: the `Report` JSON of pipe_base quantum_reports.py (fields that are None left out):
 * job status, and one report per quantum with its status, required data ID, label and any exception.
 */
export function writeSummary(path: string, graph: GraphFile, quanta: readonly QuantumNode[], result: JobResult | undefined): void {
  const dims = new Map(graph.tasks.map((t) => [t.label, t.dimensions]));
  const reports = (result?.outcomes ?? []).map((o) => ({
    status: o.status === 'failed' ? 'failure' : o.status === 'skipped' ? 'skipped' : 'success',
    dataId: requiredDataId(o.quantum.dataId, dims.get(o.quantum.label) ?? []),
    taskLabel: o.quantum.label,
    ...(o.status === 'failed' ? { exitCode: o.exitCode } : {}),
    ...(o.exception === undefined ? {} : { exceptionInfo: o.exception }),
    quantumId: o.quantum.id,
  }));
  const failed = result !== undefined && result.exitCode !== 0;
  const report = {
    qgraphSummary: qgraphSummary(graph, quanta),
    status: failed ? 'failure' : 'success',
    cmdLine: process.argv.slice(1),
    ...(failed ? { exceptionInfo: { className: 'lsst.pipe.base.mp_graph_executor.MPGraphExecutorError', message: 'One or more tasks failed during execution.' } } : {}),
    quantaReports: reports,
  };
  writeFileAtomic(path, JSON.stringify(report, null, 2));
}
