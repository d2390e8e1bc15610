import { writeInitOutputs } from '../../exec/init-outputs.js';
import { runJobStep } from '../../exec/job-step.js';
import { checkGraphId, loadGraph } from '../../graph/graph-file.js';
import type { Command } from '../command.js';
import { asStandinError, execSetup } from './exec-shared.js';
import { QBB_OPTIONS, str } from './options.js';

/** Seconds the init step takes before STANDIN_TIME_SCALE. */
const INIT_SECONDS = 0.05;

/** `pipetask pre-exec-init-qbb REPO QGRAPH`: write the graph's init-outputs into the output run. */
export const preExecInitQbbCommand: Command = {
  spec: {
    name: 'pre-exec-init-qbb',
    summary: 'Execute pre-execution initialization (init-outputs) for a quantum-backed butler.',
    options: QBB_OPTIONS,
    arguments: [{ name: 'REPO' }, { name: 'QGRAPH' }],
  },
  async run(parsed) {
    const [repo = '', qgraph = ''] = parsed.args;
    const graph = loadGraph(qgraph);
    checkGraphId(graph, str(parsed.options, 'qgraphId'), qgraph);
    const { ctx } = execSetup(repo, graph, 'pre-exec-init-qbb');
    try {
      await runJobStep(ctx, 'pipetaskInit', INIT_SECONDS, () => writeInitOutputs(ctx));
    } catch (error) {
      throw asStandinError(error);
    }
    return 0;
  },
};
