import { StandinError } from '../errors.js';
import { getLogger } from '../log/logging.js';
import type { Registry } from '../repo/registry.js';
import type { ExecContext } from './context.js';

const log = getLogger('lsst.pipe.base.quantum_graph.aggregator', 'aggregator.py');

/** What `butler aggregate-graph` found and recorded. */
export interface AggregateResult {
  readonly succeeded: number;
  readonly total: number;
  readonly datasets: number;
  readonly predicted: number;
}

/**
 * `butler aggregate-graph`: checks which predicted outputs the jobs wrote (a quantum succeeded if its
 * `_metadata` exists), registers the output RUN (and, with `--register-dataset-types`, the graph's dataset
 * types) so later graphs can read it, and with `--update-output-chain` puts the run at the head of the
 * output CHAINED collection (creating it as [run, *inputs] if new). Unregistered dataset types without
 * `--register-dataset-types` are the real MissingDatasetTypeError.
 */
export function aggregateGraph(ctx: ExecContext, registry: Registry, opts: { registerDatasetTypes: boolean; updateOutputChain: boolean }): AggregateResult {
  const { graph } = ctx;
  const unregistered = Object.keys(graph.datasetTypes).filter((name) => registry.datasetType(name) === undefined);
  if (unregistered.length > 0 && !opts.registerDatasetTypes) {
    throw new StandinError('lsst.daf.butler.MissingDatasetTypeError',
      `Dataset types not registered in the repository: ${unregistered.join(', ')} (use --register-dataset-types).`);
  }
  const done = (id: string): boolean => {
    const d = ctx.datasetsById.get(id);
    return d !== undefined && ctx.datastore.has(d.path, d.id);
  };
  const succeeded = graph.quanta.filter((q) => (q.outputs['_metadata'] ?? []).every(done)).length;
  const outputs = [...graph.quanta.flatMap((q) => Object.values(q.outputs).flat()), ...graph.initDatasets.filter((d) => d.run === graph.metadata.output_run).map((d) => d.id)];
  const datasets = outputs.filter(done).length;
  if (opts.registerDatasetTypes && unregistered.length > 0) {
    registry.registerDatasetTypes(Object.fromEntries(unregistered.map((name) => [name, graph.datasetTypes[name] ?? { dimensions: [], storageClass: 'StructuredDataDict' }])));
    log.info(`Registered ${unregistered.length} dataset types.`, 211);
  }
  registry.registerRun(graph.metadata.output_run, { graphId: graph.graphId });
  log.info(`Ingested ${datasets} of ${outputs.length} predicted datasets into run '${graph.metadata.output_run}'; `
    + `${succeeded} of ${graph.quanta.length} quanta succeeded.`, 274);
  const chain = graph.metadata.output;
  if (opts.updateOutputChain && chain !== undefined) {
    const existing = registry.collection(chain);
    const children = existing?.type === 'CHAINED' ? existing.children : graph.metadata.input;
    registry.setChain(chain, [graph.metadata.output_run, ...children.filter((c) => c !== graph.metadata.output_run)]);
    log.info(`Updated output chain '${chain}' to start with '${graph.metadata.output_run}'.`, 302);
  }
  return { succeeded, total: graph.quanta.length, datasets, predicted: outputs.length };
}

/**
 * What a full (non-QBB) butler does as `pipetask run` starts: the output RUN, the `-o` chain and the
 * pipeline's dataset types are registered at once. Idempotent, so every job of a graph may call it.
 */
export function registerOutputs(ctx: ExecContext, registry: Registry): void {
  const { graph } = ctx;
  const unregistered = Object.keys(graph.datasetTypes).filter((name) => registry.datasetType(name) === undefined);
  if (unregistered.length > 0) {
    registry.registerDatasetTypes(Object.fromEntries(unregistered.map((name) => [name, graph.datasetTypes[name] ?? { dimensions: [], storageClass: 'StructuredDataDict' }])));
  }
  if (registry.collection(graph.metadata.output_run) === undefined) registry.registerRun(graph.metadata.output_run, { graphId: graph.graphId });
  const chain = graph.metadata.output;
  const existing = chain === undefined ? undefined : registry.collection(chain);
  if (chain !== undefined && !(existing?.type === 'CHAINED' && existing.children[0] === graph.metadata.output_run)) {
    const children = existing?.type === 'CHAINED' ? existing.children : graph.metadata.input;
    registry.setChain(chain, [graph.metadata.output_run, ...children.filter((c) => c !== graph.metadata.output_run)]);
  }
}
