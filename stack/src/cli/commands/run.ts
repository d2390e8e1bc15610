import { registerOutputs } from '../../exec/aggregate.js';
import { runQuanta } from '../../exec/graph-executor.js';
import { writeInitOutputs } from '../../exec/init-outputs.js';
import { runJobStep } from '../../exec/job-step.js';
import { writeSummary } from '../../exec/summary-report.js';
import { selectQuanta } from '../../graph/graph-file.js';
import { logGraphSummary } from '../../graph/summary-line.js';
import { Registry } from '../../repo/registry.js';
import { commandLine, type Command } from '../command.js';
import { asStandinError, execSetup, executorError } from './exec-shared.js';
import { buildFromOptions, loadFromOptions } from './graph-source.js';
import { writeGraphOutputs } from './graph-outputs.js';
import { BUTLER_OPTIONS, EXECUTION_OPTIONS, META_OPTIONS, PIPELINE_OPTIONS, QGRAPH_OPTIONS, flag, list, str } from './options.js';

const INIT_SECONDS = 0.05;

/**
 * `pipetask run`, the pre-QBB way (2021–2023): with `-g G [--qgraph-node-id …]` execute (some of) a saved
 * graph, or build one from `-p`/`-d` and execute it all. Init-outputs are written first unless
 * `--skip-init-writes`; `--init-only` stops there. With a full butler the outputs are in the registry at
 * once, so the output run (and `-o` chain) is registered here, not by a final job.
 */
export const runCommand: Command = {
  spec: {
    name: 'run',
    summary: 'Build and execute pipeline and quantum graph.',
    options: [...PIPELINE_OPTIONS, ...QGRAPH_OPTIONS.filter((o) => o.key !== 'summary'), ...EXECUTION_OPTIONS, ...META_OPTIONS, ...BUTLER_OPTIONS],
    arguments: [],
  },
  async run(parsed, invocation) {
    const options = parsed.options;
    const graph = str(options, 'qgraph') !== undefined ? loadFromOptions(options) : buildFromOptions(options, commandLine(invocation));
    if (str(options, 'qgraph') === undefined) {
      logGraphSummary(graph);
      writeGraphOutputs(graph, { ...options, summary: undefined });
    }
    const { config, ctx } = execSetup(str(options, 'butlerConfig') ?? '', graph, 'run');
    registerOutputs(ctx, Registry.load(config));
    if (!flag(options, 'skipInitWrites')) {
      try {
        await runJobStep(ctx, 'pipetaskInit', INIT_SECONDS, () => writeInitOutputs(ctx));
      } catch (error) {
        throw asStandinError(error);
      }
    }
    if (flag(options, 'initOnly')) return 0;
    const quanta = selectQuanta(graph, list(options, 'qgraphNodeId'));
    const result = await runQuanta(ctx, quanta, { failFast: flag(options, 'failFast') });
    const summary = str(options, 'summary');
    if (summary !== undefined) writeSummary(summary, graph, quanta, result);
    if (result.exitCode !== 0) throw executorError(result.exitCode);
    return 0;
  },
};
