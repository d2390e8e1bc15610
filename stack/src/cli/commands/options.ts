import type { OptionSpec } from '../parse-args.js';

/** Accepted for compatibility with real command lines; the stand-in gives them no effect. */
const NO_EFFECT = '(accepted; no effect in the stand-in)';

/** ctrl_mpexec's butler options (`-b`, `-i`, `-o`, `--output-run`, `-d`, …). */
export const BUTLER_OPTIONS: readonly OptionSpec[] = [
  { names: ['-b', '--butler-config'], key: 'butlerConfig', kind: 'value', metavar: 'TEXT', required: true, help: 'Location of the gen3 butler/registry config file.' },
  { names: ['-i', '--input'], key: 'input', kind: 'csv', metavar: 'COLLECTION', help: 'Comma-separated names of the input collection(s).' },
  { names: ['-o', '--output'], key: 'output', kind: 'value', metavar: 'COLL', help: 'Name of the output CHAINED collection.' },
  { names: ['--output-run'], key: 'outputRun', kind: 'value', metavar: 'COLL', help: 'Name of the new output RUN collection. Default: {output}/{timestamp}.' },
  { names: ['-d', '--data-query'], key: 'dataQuery', kind: 'value', metavar: 'QUERY', help: 'User data selection expression.' },
  { names: ['--extend-run'], key: 'extendRun', kind: 'flag', help: 'Instead of creating a new RUN collection, insert datasets into the existing one (implies --skip-existing).' },
  { names: ['--replace-run'], key: 'replaceRun', kind: 'flag', help: `Replace the first run of the output chain. ${NO_EFFECT}` },
  { names: ['--prune-replaced'], key: 'pruneReplaced', kind: 'value', metavar: '[unstore|purge]', help: NO_EFFECT },
  { names: ['--rebase'], key: 'rebase', kind: 'flag', help: NO_EFFECT },
];

/** Pipeline build options. */
export const PIPELINE_OPTIONS: readonly OptionSpec[] = [
  { names: ['-p', '--pipeline'], key: 'pipeline', kind: 'value', metavar: 'PATH', help: 'Location of a pipeline definition file in YAML format, optionally with #label,subset.' },
  { names: ['--instrument'], key: 'instrument', kind: 'value', metavar: 'instrument', help: 'Add an instrument which will be used to load config overrides.' },
  { names: ['-c', '--config'], key: 'config', kind: 'multiple', metavar: 'LABEL:NAME=VALUE', help: 'Config override, as a key-value pair.' },
  { names: ['-C', '--config-file'], key: 'configFile', kind: 'multiple', metavar: 'LABEL:FILE', help: NO_EFFECT },
  { names: ['-s', '--save-pipeline'], key: 'savePipeline', kind: 'value', metavar: 'PATH', help: 'Location for storing the resulting pipeline definition in YAML format.' },
  { names: ['--pipeline-dot'], key: 'pipelineDot', kind: 'value', metavar: 'PATH', help: NO_EFFECT },
  { names: ['--pipeline-mermaid'], key: 'pipelineMermaid', kind: 'value', metavar: 'PATH', help: NO_EFFECT },
];

/** Quantum graph options. */
export const QGRAPH_OPTIONS: readonly OptionSpec[] = [
  { names: ['-g', '--qgraph'], key: 'qgraph', kind: 'value', metavar: 'PATH', help: 'Location of an existing quantum graph to read instead of building one.' },
  { names: ['--qgraph-id'], key: 'qgraphId', kind: 'value', metavar: 'ID', help: 'Quantum graph identifier; must match the graph read with -g.' },
  { names: ['--qgraph-node-id'], key: 'qgraphNodeId', kind: 'csv', metavar: 'UUID', help: 'Only load these quantum node IDs (comma-separated, repeatable).' },
  { names: ['--qgraph-datastore-records'], key: 'qgraphDatastoreRecords', kind: 'flag', help: 'Include datastore records in the graph (the stand-in always records paths).' },
  { names: ['--skip-existing-in'], key: 'skipExistingIn', kind: 'csv', metavar: 'COLLECTION', help: 'Skip quanta whose outputs already exist in these collections.' },
  { names: ['--skip-existing'], key: 'skipExisting', kind: 'flag', help: 'Skip quanta whose outputs already exist in the output run.' },
  { names: ['--clobber-outputs'], key: 'clobberOutputs', kind: 'flag', help: 'Remove outputs of failed quanta and allow overwriting existing ones.' },
  { names: ['-q', '--save-qgraph'], key: 'saveQgraph', kind: 'value', metavar: 'PATH', help: 'Location for storing the quantum graph.' },
  { names: ['--qgraph-dot'], key: 'qgraphDot', kind: 'value', metavar: 'PATH', help: 'Location for storing a GraphViz DOT representation of the quantum graph.' },
  { names: ['--qgraph-mermaid'], key: 'qgraphMermaid', kind: 'value', metavar: 'PATH', help: 'Location for storing a Mermaid representation of the quantum graph.' },
  { names: ['--dataset-query-constraint'], key: 'datasetQueryConstraint', kind: 'value', metavar: 'all|off|TYPES', help: 'Dataset types constraining the initial query. Default: all.' },
  { names: ['--show'], key: 'show', kind: 'multiple', metavar: 'ITEM', help: 'Print information: the stand-in knows "workflow".' },
  { names: ['--config-search-path'], key: 'configSearchPath', kind: 'multiple', metavar: 'PATH', help: NO_EFFECT },
  { names: ['--coverage'], key: 'coverage', kind: 'flag', help: NO_EFFECT },
  { names: ['--cov-packages'], key: 'covPackages', kind: 'csv', metavar: 'TEXT', help: NO_EFFECT },
  { names: ['--mock'], key: 'mock', kind: 'flag', help: NO_EFFECT },
  { names: ['--unmocked-dataset-types'], key: 'unmockedDatasetTypes', kind: 'csv', metavar: 'TEXT', help: NO_EFFECT },
  { names: ['--mock-failure'], key: 'mockFailure', kind: 'multiple', metavar: 'LABEL:EXC:WHERE', help: `${NO_EFFECT}; use STANDIN_FAULTS.` },
];

/** `--summary`, shared by qgraph and the execution commands. */
export const SUMMARY_OPTION: OptionSpec = { names: ['--summary'], key: 'summary', kind: 'value', metavar: 'PATH', help: 'Location for storing job summary (JSON file).' };

/** Execution options of `run` and `run-qbb`. */
export const EXECUTION_OPTIONS: readonly OptionSpec[] = [
  { names: ['-j', '--processes'], key: 'processes', kind: 'value', integer: true, metavar: 'INTEGER', help: 'Number of processes to use (the stand-in runs quanta one at a time).' },
  { names: ['--pdb'], key: 'pdb', kind: 'value', metavar: 'TEXT', help: NO_EFFECT },
  { names: ['--profile'], key: 'profile', kind: 'value', metavar: 'PATH', help: NO_EFFECT },
  { names: ['--debug'], key: 'debug', kind: 'flag', help: NO_EFFECT },
  { names: ['--start-method'], key: 'startMethod', kind: 'value', metavar: '[spawn|forkserver]', help: NO_EFFECT },
  { names: ['--timeout'], key: 'timeout', kind: 'value', integer: true, metavar: 'INTEGER', help: NO_EFFECT },
  { names: ['--fail-fast'], key: 'failFast', kind: 'flag', help: 'Stop at the first failed quantum.' },
  { names: ['--raise-on-partial-outputs'], negations: ['--no-raise-on-partial-outputs'], key: 'raiseOnPartialOutputs', kind: 'flag', help: NO_EFFECT },
  SUMMARY_OPTION,
  { names: ['--enable-implicit-threading'], key: 'enableImplicitThreading', kind: 'flag', help: NO_EFFECT },
  { names: ['-n', '--cores-per-quantum'], key: 'coresPerQuantum', kind: 'value', integer: true, metavar: 'INTEGER', help: NO_EFFECT },
  { names: ['--memory-per-quantum'], key: 'memoryPerQuantum', kind: 'value', metavar: 'TEXT', help: NO_EFFECT },
];

/** Meta-information options of `run`. */
export const META_OPTIONS: readonly OptionSpec[] = [
  { names: ['--skip-init-writes'], key: 'skipInitWrites', kind: 'flag', help: 'Do not write init-outputs (pipetaskInit did).' },
  { names: ['--init-only'], key: 'initOnly', kind: 'flag', help: 'Only write init-outputs, execute no quanta.' },
  { names: ['--register-dataset-types'], key: 'registerDatasetTypes', kind: 'flag', help: 'Register the dataset types of the pipeline.' },
  { names: ['--no-versions'], key: 'noVersions', kind: 'flag', help: 'Do not save or check software versions.' },
  { names: ['--clobber-partial-outputs'], key: 'clobberOutputs', kind: 'flag', help: 'Older name of --clobber-outputs (2021).' },
  { names: ['--graph-fixup'], key: 'graphFixup', kind: 'value', metavar: 'CLASS', help: NO_EFFECT },
];

/** Options of the QBB commands besides execution ones. */
export const QBB_OPTIONS: readonly OptionSpec[] = [
  { names: ['--qgraph-id'], key: 'qgraphId', kind: 'value', metavar: 'ID', help: 'Quantum graph identifier; must match the graph.' },
  { names: ['--config-search-path'], key: 'configSearchPath', kind: 'multiple', metavar: 'PATH', help: NO_EFFECT },
  { names: ['--coverage'], key: 'coverage', kind: 'flag', help: NO_EFFECT },
  { names: ['--cov-packages'], key: 'covPackages', kind: 'csv', metavar: 'TEXT', help: NO_EFFECT },
];

/** Typed reads of parsed options. */
export function str(options: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const v = options[key];
  return typeof v === 'string' ? v : undefined;
}

export function list(options: Readonly<Record<string, unknown>>, key: string): string[] {
  const v = options[key];
  return Array.isArray(v) ? v.map(String) : [];
}

export function flag(options: Readonly<Record<string, unknown>>, key: string): boolean {
  return options[key] === true;
}
