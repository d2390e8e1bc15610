import { UsageError } from '../../errors.js';
import { loadPipeline } from '../../pipeline/load.js';
import { selectQuanta } from '../../graph/graph-file.js';
import { subgraph } from '../../graph/subgraph.js';
import { logGraphSummary } from '../../graph/summary-line.js';
import { commandLine, type Command } from '../command.js';
import { buildFromOptions, loadFromOptions } from './graph-source.js';
import { savePipeline, writeGraphOutputs } from './graph-outputs.js';
import { BUTLER_OPTIONS, PIPELINE_OPTIONS, QGRAPH_OPTIONS, SUMMARY_OPTION, list, str } from './options.js';

/**
 * `pipetask qgraph`: build a QuantumGraph from a pipeline and a data query (or re-read one with `-g`),
 * log its summary line, and write it (`-q`), its dot/mermaid exports and a summary as asked.
 */
export const qgraphCommand: Command = {
  spec: {
    name: 'qgraph',
    summary: 'Build and optionally save pipeline and quantum graph.',
    options: [...PIPELINE_OPTIONS, ...QGRAPH_OPTIONS, SUMMARY_OPTION, ...BUTLER_OPTIONS.map((o) => (o.key === 'butlerConfig' ? { ...o, required: false } : o))],
    arguments: [],
  },
  async run(parsed, invocation) {
    const options = parsed.options;
    const fromFile = str(options, 'qgraph') !== undefined;
    let graph = fromFile ? loadFromOptions(options) : buildFromOptions(requireButler(options), commandLine(invocation));
    if (fromFile) graph = subgraph(graph, selectQuanta(graph, list(options, 'qgraphNodeId')));
    const pipeline = str(options, 'pipeline');
    if (pipeline !== undefined && str(options, 'savePipeline') !== undefined) savePipeline(str(options, 'savePipeline'), loadPipeline(pipeline).document);
    logGraphSummary(graph);
    writeGraphOutputs(graph, options);
    return 0;
  },
};

/** `-b` is required to build a graph (not to re-read one with `-g`), as click reports a missing option. */
function requireButler(options: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  if (str(options, 'butlerConfig') === undefined) throw new UsageError("Missing option '-b' / '--butler-config'.");
  return options;
}
