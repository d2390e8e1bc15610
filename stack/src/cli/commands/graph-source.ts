import { StandinError } from '../../errors.js';
import { buildQuantumGraph } from '../../graph/builder.js';
import { checkGraphId, loadGraph } from '../../graph/graph-file.js';
import type { GraphFile } from '../../graph/model.js';
import { loadPipeline } from '../../pipeline/load.js';
import { loadButlerConfig } from '../../repo/butler-config.js';
import { Datastore } from '../../repo/datastore.js';
import { Registry } from '../../repo/registry.js';
import { flag, list, str } from './options.js';

type Options = Readonly<Record<string, unknown>>;

/** `-c label:name=value` overrides, grouped by label. */
function configOverrides(options: Options): Map<string, Record<string, string>> {
  const overrides = new Map<string, Record<string, string>>();
  for (const text of list(options, 'config')) {
    const match = /^([^:]+):([^=]+)=(.*)$/.exec(text);
    if (match === null) throw new StandinError('ValueError', `Config override '${text}' is not LABEL:NAME=VALUE.`);
    const [, label = '', name = '', value = ''] = match;
    overrides.set(label, { ...overrides.get(label), [name]: value });
  }
  return overrides;
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * The output RUN, as ctrl_mpexec's butler factory chooses it: `--output-run`, else with `--extend-run`
 * the head of the `-o` chain, else `{output}/{timestamp}`. Without `-o` and `--output-run` it is the real
 * ValueError.
 */
function outputRunOf(registry: Registry, options: Options): { run: string; exists: boolean } {
  const output = str(options, 'output');
  let run = str(options, 'outputRun');
  if (output === undefined && run === undefined) throw new StandinError('ValueError', 'Cannot write without at least one of (--output, --output-run).');
  const extend = flag(options, 'extendRun');
  if (run === undefined) {
    const chain = registry.collection(output ?? '');
    run = extend && chain?.type === 'CHAINED' && chain.children[0] !== undefined ? chain.children[0] : `${output}/${timestamp()}`;
  }
  const exists = registry.collection(run)?.type === 'RUN';
  if (exists && !extend) throw new StandinError('ValueError', `Output run '${run}' already exists, but --extend-run was not given.`);
  if (!exists && extend) throw new StandinError('ValueError', `Cannot --extend-run; output collection '${run}' does not exist.`);
  return { run, exists };
}

/** Input collections: `-i`, else an existing `-o` chain (which already holds the inputs of earlier runs). */
function inputsOf(registry: Registry, options: Options): string[] {
  const inputs = list(options, 'input');
  if (inputs.length > 0) return inputs;
  const output = str(options, 'output');
  if (output !== undefined && registry.collection(output) !== undefined) return [output];
  throw new StandinError('ValueError', 'No input collections: give -i/--input.');
}

/** Builds a graph from `-p`/`-d` for `qgraph` and `run`. */
export function buildFromOptions(options: Options, fullCommand: string): GraphFile {
  const butlerArgument = str(options, 'butlerConfig') ?? '';
  const config = loadButlerConfig(butlerArgument);
  const registry = Registry.load(config);
  const pipelineUri = str(options, 'pipeline');
  if (pipelineUri === undefined) throw new StandinError('ValueError', 'No pipeline given: use -p/--pipeline, or -g/--qgraph to read a saved graph.');
  const pipeline = loadPipeline(pipelineUri, configOverrides(options));
  const instrument = str(options, 'instrument');
  const withInstrument = instrument === undefined || pipeline.instrument !== undefined ? pipeline : { ...pipeline, instrument };
  const { run, exists } = outputRunOf(registry, options);
  const input = inputsOf(registry, options);
  const skipExisting = flag(options, 'skipExisting') || flag(options, 'extendRun');
  const skipExistingIn = [...list(options, 'skipExistingIn'), ...(skipExisting && exists ? [run] : [])];
  return buildQuantumGraph({
    pipeline: withInstrument, registry, datastore: new Datastore(config),
    metadata: {
      input, output: str(options, 'output'), output_run: run, data_query: str(options, 'dataQuery') ?? '',
      butler_argument: butlerArgument, full_command: fullCommand, pipeline: pipelineUri,
      extend_run: flag(options, 'extendRun'), skip_existing_in: skipExistingIn,
    },
    datasetQueryConstraint: str(options, 'datasetQueryConstraint') ?? 'all',
    skipExistingIn, clobberOutputs: flag(options, 'clobberOutputs'), outputRunExists: exists,
  });
}

/** `-g/--qgraph`: reads a saved graph; pipeline options make no sense with it. */
export function loadFromOptions(options: Options): GraphFile {
  const path = str(options, 'qgraph') ?? '';
  if (str(options, 'pipeline') !== undefined) throw new StandinError('ValueError', '-g/--qgraph cannot be combined with -p/--pipeline.');
  const graph = loadGraph(path);
  checkGraphId(graph, str(options, 'qgraphId'), path);
  return graph;
}
