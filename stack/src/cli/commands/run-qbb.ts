import { runQuanta } from '../../exec/graph-executor.js';
import { writeSummary } from '../../exec/summary-report.js';
import { checkGraphId, loadGraph, selectQuanta } from '../../graph/graph-file.js';
import { getLogger } from '../../log/logging.js';
import type { Command } from '../command.js';
import { execSetup, executorError } from './exec-shared.js';
import { EXECUTION_OPTIONS, QBB_OPTIONS, flag, list, str } from './options.js';

const log = getLogger('lsst.ctrl.mpexec.cli.script.run_qbb', 'run_qbb.py');

/** `pipetask run-qbb REPO QGRAPH --qgraph-node-id U1,U2`: execute some quanta of a saved graph. */
export const runQbbCommand: Command = {
  spec: {
    name: 'run-qbb',
    summary: 'Execute pipeline using Quantum-Backed Butler.',
    options: [
      ...QBB_OPTIONS,
      { names: ['--qgraph-node-id'], key: 'qgraphNodeId', kind: 'csv', metavar: 'UUID', help: 'Only execute these quanta (comma-separated, repeatable).' },
      ...EXECUTION_OPTIONS,
      { names: ['--no-existing-outputs'], key: 'noExistingOutputs', kind: 'flag', help: 'Assume no outputs exist yet (the stand-in checks anyway).' },
    ],
    arguments: [{ name: 'REPO' }, { name: 'QGRAPH' }],
  },
  async run(parsed) {
    const [repo = '', qgraph = ''] = parsed.args;
    const graph = loadGraph(qgraph);
    checkGraphId(graph, str(parsed.options, 'qgraphId'), qgraph);
    const quanta = selectQuanta(graph, list(parsed.options, 'qgraphNodeId'));
    const { ctx } = execSetup(repo, graph, 'run-qbb');
    log.verbose(`Executing ${quanta.length} of ${graph.quanta.length} quanta of graph ${graph.graphId}.`, 120);
    const result = await runQuanta(ctx, quanta, { failFast: flag(parsed.options, 'failFast') });
    const summary = str(parsed.options, 'summary');
    if (summary !== undefined) writeSummary(summary, graph, quanta, result);
    if (result.exitCode !== 0) throw executorError(result.exitCode);
    return 0;
  },
};
