import { aggregateGraph } from '../../exec/aggregate.js';
import { runJobStep } from '../../exec/job-step.js';
import { loadGraph } from '../../graph/graph-file.js';
import { Registry } from '../../repo/registry.js';
import type { Command } from '../command.js';
import { asStandinError, execSetup } from './exec-shared.js';

/** Seconds the final step takes before STANDIN_TIME_SCALE. */
const FINAL_SECONDS = 0.05;

function aggregateCommand(name: string, summary: string, withJobs: boolean): Command {
  return {
    spec: {
      name,
      summary,
      options: [
        ...(withJobs ? [{ names: ['-j', '--processes'], key: 'processes', kind: 'value' as const, integer: true, metavar: 'INTEGER', help: 'Number of processes to use.' }] : []),
        { names: ['--register-dataset-types'], key: 'registerDatasetTypes', kind: 'flag', help: 'Register missing dataset types.' },
        { names: ['--update-output-chain'], key: 'updateOutputChain', kind: 'flag', help: 'Prepend the output run to the output chain of the graph.' },
      ],
      arguments: [{ name: 'QGRAPH' }, { name: 'REPO' }],
    },
    async run(parsed) {
      const [qgraph = '', repo = ''] = parsed.args;
      const graph = loadGraph(qgraph);
      const { config, ctx } = execSetup(repo, graph, name);
      const registry = Registry.load(config);
      try {
        await runJobStep(ctx, 'finalJob', FINAL_SECONDS, () => {
          aggregateGraph(ctx, registry, {
            registerDatasetTypes: parsed.options['registerDatasetTypes'] === true,
            updateOutputChain: parsed.options['updateOutputChain'] === true,
          });
        });
      } catch (error) {
        throw asStandinError(error);
      }
      return 0;
    },
  };
}

/** `butler aggregate-graph QGRAPH REPO [-j N] [--register-dataset-types] [--update-output-chain]` (ctrl_bps v30 final job). */
export const aggregateGraphCommand = aggregateCommand('aggregate-graph',
  'Aggregate the outputs of a quantum graph executed with a quantum-backed butler into the repository.', true);

/** `butler transfer-from-graph QGRAPH REPO …`, the final job before v30: the same bookkeeping. */
export const transferFromGraphCommand = aggregateCommand('transfer-from-graph',
  'Transfer datasets from a quantum graph to a butler repository.', false);
