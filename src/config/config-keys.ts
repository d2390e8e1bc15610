/** One documented config key (the README's config table is generated from {@link configKeys}). */
export interface ConfigKey {
  /** The key as written; dotted for keys of a section (`finalJob.whenRun`, `site.<name>.qos`). */
  readonly key: string;
  readonly group: 'payload' | 'commands' | 'paths' | 'jobs' | 'clustering' | 'finalJob' | 'site' | 'generated' | 'legacy';
  readonly meaning: string;
  /**
   * The default. For keys of etc/bps_defaults.yaml it is the value there (a unit test keeps the two
   * equal); otherwise what the code uses. Undefined: unset (see `required`).
   */
  readonly default?: unknown;
  /** Where the default comes from. */
  readonly defaultFrom?: 'defaults file' | 'code' | 'generated';
  /** Overridable per label under `pipetask.<label>` (and `cluster.<label>`, `site.<name>`). */
  readonly perLabel: boolean;
  /** The user must give it (directly or through `{var}`s of the defaults). */
  readonly required?: boolean;
  /** The command-line option that overrides it. */
  readonly cli?: string;
}

const file = 'defaults file' as const;
const code = 'code' as const;
const generated = 'generated' as const;

/** Every config key bps-ts reads, with its meaning and default. */
export const configKeys: readonly ConfigKey[] = [
  // The payload (ctrl_bps's "Submit YAML must specify").
  { key: 'payloadName', group: 'payload', meaning: 'short name of the payload; part of the default output collection', perLabel: false, required: true },
  { key: 'butlerConfig', group: 'payload', meaning: 'the Butler repo (or its butler.yaml)', perLabel: false, required: true, cli: '-b, --butler-config' },
  { key: 'inCollection', group: 'payload', meaning: 'input collections, comma-separated', perLabel: false, required: true, cli: '-i, --input' },
  { key: 'dataQuery', group: 'payload', meaning: 'the data query selecting what to process (not needed with qgraphFile)', perLabel: false, required: true, cli: '-d, --data-query' },
  { key: 'pipelineYaml', group: 'payload', meaning: 'the pipeline to run (or give qgraphFile)', perLabel: false, required: true, cli: '-p, --pipeline' },
  { key: 'qgraphFile', group: 'payload', meaning: 'a QuantumGraph built earlier: createQuantumGraph is skipped; unset: bps-ts builds {submitPath}/{qgraphFileTemplate}', perLabel: false, cli: '-g, --qgraph' },
  { key: 'output', group: 'payload', meaning: 'the output chained collection', default: 'u/{operator}/{payloadName}', defaultFrom: file, perLabel: false, cli: '-o, --output' },
  { key: 'outputRun', group: 'payload', meaning: 'the output run collection; names the submit folder', default: '{output}/{timestamp}', defaultFrom: file, perLabel: false, required: true, cli: '--output-run' },
  { key: 'runInit', group: 'payload', meaning: 'run the pipetaskInit job first', default: true, defaultFrom: file, perLabel: false },
  { key: 'operator', group: 'payload', meaning: 'who runs it; part of the default output collection', defaultFrom: generated, perLabel: false },
  { key: 'project', group: 'payload', meaning: 'project name, for reports', perLabel: false },
  { key: 'campaign', group: 'payload', meaning: 'campaign name, for reports', perLabel: false },
  { key: 'includeConfigs', group: 'payload', meaning: 'other YAML files merged under this level (any level; ${ENV} expanded; relative to the including file, then the working directory)', perLabel: false },
  { key: 'environment', group: 'payload', meaning: 'environment variables for every command bps-ts starts; ${VAR} in the config looks here first', perLabel: true },
  // Commands.
  { key: 'defaultPreCmdOpts', group: 'commands', meaning: 'options between pipetask/butler and their subcommand', default: '--long-log --log-level=VERBOSE', defaultFrom: file, perLabel: true },
  { key: 'qgraphPreCmdOpts', group: 'commands', meaning: 'pre-command options of createQuantumGraph', default: '{defaultPreCmdOpts}', defaultFrom: file, perLabel: false },
  { key: 'initPreCmdOpts', group: 'commands', meaning: 'pre-command options of the pipetaskInit job', default: '{defaultPreCmdOpts}', defaultFrom: file, perLabel: false },
  { key: 'runPreCmdOpts', group: 'commands', meaning: 'pre-command options of payload jobs', default: '{defaultPreCmdOpts}', defaultFrom: file, perLabel: true },
  { key: 'pipetaskInput', group: 'commands', meaning: 'the input-collection option of createQuantumGraph', default: '-i {inCollection}', defaultFrom: file, perLabel: false },
  { key: 'pipetaskOutput', group: 'commands', meaning: 'the output-collection option of createQuantumGraph', default: '-o {output}', defaultFrom: file, perLabel: false },
  { key: 'pipetaskDataQuery', group: 'commands', meaning: 'the data-query option of createQuantumGraph', default: '-d "{dataQuery}"', defaultFrom: file, perLabel: false },
  { key: 'extraQgraphOptions', group: 'commands', meaning: 'extra options for pipetask qgraph', default: '', defaultFrom: file, perLabel: false, cli: '--extra-qgraph-options' },
  { key: 'extraInitOptions', group: 'commands', meaning: 'extra options for the pipetaskInit job', default: '', defaultFrom: file, perLabel: false, cli: '--extra-init-options' },
  { key: 'extraRunQuantumOptions', group: 'commands', meaning: 'extra options for every payload job', default: '', defaultFrom: file, perLabel: true, cli: '--extra-run-quantum-options' },
  { key: 'fileDistributionEndPoint', group: 'commands', meaning: 'ctrl_bps\'s prefix of file paths in commands (PanDA); empty on a shared file system', default: '', defaultFrom: file, perLabel: false },
  { key: 'commandPrepend', group: 'commands', meaning: 'gen3_workflow: text run before every job\'s command (time, a container wrapper); the job then runs through bash', perLabel: false },
  { key: 'extraAggregateOptions', group: 'commands', meaning: 'extra options for the final job\'s butler aggregate-graph', default: '', defaultFrom: file, perLabel: false },
  {
    key: 'createQuantumGraph', group: 'commands', meaning: 'the command that builds the QuantumGraph and its dot export', defaultFrom: file, perLabel: false,
    default: '${CTRL_MPEXEC_DIR}/bin/pipetask {qgraphPreCmdOpts} qgraph --butler-config {butlerConfig} {pipetaskInput} {pipetaskOutput} --output-run {outputRun} --pipeline {pipelineYaml} --save-qgraph {qgraphFile} --qgraph-dot {qgraphDotFile} {pipetaskDataQuery} {extraQgraphOptions}',
  },
  {
    key: 'qgraphDotCommand', group: 'commands', meaning: 'bps-ts: re-makes the dot export of a graph built earlier', defaultFrom: file, perLabel: false,
    default: '${CTRL_MPEXEC_DIR}/bin/pipetask {qgraphPreCmdOpts} qgraph --butler-config {butlerConfig} -g {qgraphFile} --qgraph-dot {qgraphDotFile}',
  },
  {
    key: 'runQuantumCommand', group: 'commands', meaning: "one job's command; {qgraphNodeId} (the job's comma-joined quantum ids) and {jobName} are filled per job; ${ENV} is expanded where the job runs", defaultFrom: file, perLabel: true,
    default: '${CTRL_MPEXEC_DIR}/bin/pipetask {runPreCmdOpts} run-qbb {butlerConfig} {qgraphFile} --qgraph-node-id {qgraphNodeId} {extraRunQuantumOptions}',
  },
  {
    key: 'pipetask.pipetaskInit.runQuantumCommand', group: 'commands', meaning: 'the init job (before every other job)', defaultFrom: file, perLabel: false,
    default: '${CTRL_MPEXEC_DIR}/bin/pipetask {initPreCmdOpts} pre-exec-init-qbb {butlerConfig} {qgraphFile} {extraInitOptions}',
  },
  // Files and names.
  { key: 'submitPath', group: 'paths', meaning: 'the run folder; must not exist yet', default: '${PWD}/submit/{outputRun}', defaultFrom: file, perLabel: false },
  { key: 'qgraphFileTemplate', group: 'paths', meaning: 'name of the graph bps-ts builds, inside submitPath', default: '{uniqProcName}.qg', defaultFrom: file, perLabel: false },
  { key: 'qgraphDotFile', group: 'paths', meaning: 'where the dot export of the graph is written and read', default: '{submitPath}/{uniqProcName}.dot', defaultFrom: file, perLabel: false },
  { key: 'templateDataId', group: 'paths', meaning: 'job-name suffix built from each quantum\'s data ID', default: '{tract}_{patch}_{band}_{visit}_{exposure}_{detector}', defaultFrom: file, perLabel: true },
  // Job resources and retries.
  { key: 'requestCpus', group: 'jobs', meaning: 'cores per job', default: 1, defaultFrom: file, perLabel: true },
  { key: 'requestMemory', group: 'jobs', meaning: 'memory per job, MiB', default: 2048, defaultFrom: file, perLabel: true },
  { key: 'requestWalltime', group: 'jobs', meaning: 'wall time per job, seconds; unset = no limit (allocation sites start a job only when it fits in what is left)', perLabel: true },
  { key: 'requestDisk', group: 'jobs', meaning: 'scratch disk per job, MiB', perLabel: true },
  { key: 'numberOfRetries', group: 'jobs', meaning: 'how many times a failed job is run again', default: 5, defaultFrom: file, perLabel: true },
  { key: 'retryUnlessExit', group: 'jobs', meaning: 'exit codes never retried (an int, a list, or null for none)', default: [1, 2], defaultFrom: file, perLabel: true },
  { key: 'memoryMultiplier', group: 'jobs', meaning: 'memory factor after an out-of-memory kill (≥ 1; 1 = off)', default: 2, defaultFrom: file, perLabel: true },
  { key: 'requestMemoryMax', group: 'jobs', meaning: 'ctrl_bps: the most memory one label\'s jobs may ask for as retries grow it, MiB (memoryLimit caps all labels)', perLabel: true },
  { key: 'memoryLimit', group: 'jobs', meaning: 'the memory request never grows past this, MiB', default: 491520, defaultFrom: file, perLabel: true },
  { key: 'learnResources', group: 'jobs', meaning: 'size memory requests from what the label\'s jobs used so far in this run (their peak × 1.2, never past memoryLimit / requestMemoryMax), and retry a job killed for memory at the need it showed rather than memoryMultiplier times more', default: false, defaultFrom: file, perLabel: true },
  // Clustering.
  { key: 'clusterAlgorithm', group: 'clustering', meaning: 'how quanta are grouped into jobs: lsst.ctrl.bps.quantum_clustering_funcs.single_quantum_clustering (one quantum per job) or …dimension_clustering (by the cluster sections)', default: 'lsst.ctrl.bps.quantum_clustering_funcs.single_quantum_clustering', defaultFrom: file, perLabel: false },
  { key: 'cluster.<label>.pipetasks', group: 'clustering', meaning: 'the task labels whose quanta the cluster label groups (comma-separated); labels absent from the graph are ignored', perLabel: false },
  { key: 'cluster.<label>.dimensions', group: 'clustering', meaning: 'quanta with equal values of these share a job; none: one job for all', perLabel: false },
  { key: 'cluster.<label>.equalDimensions', group: 'clustering', meaning: 'pairs of dimensions with equal values, e.g. visit:exposure', perLabel: false },
  { key: 'cluster.<label>.clusterTemplate', group: 'clustering', meaning: 'job name template over the dimensions and {label}; default <label>_{dim1}_{dim2}…', perLabel: false },
  { key: 'cluster.<label>.findDependencyMethod', group: 'clustering', meaning: 'source or sink: walk the graph from the first or last task (changes job order, not members)', perLabel: false },
  { key: 'cluster.<label>.partitionDimensions', group: 'clustering', meaning: 'split each cluster further by these dimensions\' values', perLabel: false },
  { key: 'cluster.<label>.partitionMaxClusters', group: 'clustering', meaning: 'with partitionDimensions: at most this many jobs for the label', perLabel: false },
  { key: 'cluster.<label>.partitionMaxSize', group: 'clustering', meaning: 'with partitionDimensions: at most this many partition values per job', perLabel: false },
  { key: 'useNodeIdInClusterName', group: 'clustering', meaning: 'start one-quantum job names with the quantum id', default: true, defaultFrom: code, perLabel: true },
  // The final job.
  { key: 'finalJob.whenRun', group: 'finalJob', meaning: 'ALWAYS (even after failures), SUCCESS or NEVER', default: 'ALWAYS', defaultFrom: file, perLabel: false },
  {
    key: 'finalJob.command1', group: 'finalJob', meaning: 'the final job\'s command (command2… follow in order)', defaultFrom: file, perLabel: false,
    default: '${DAF_BUTLER_DIR}/bin/butler {finalPreCmdOpts} aggregate-graph {qgraphFile} {butlerConfig} -j {requestCpus} --register-dataset-types {updateOutputChain} {extraAggregateOptions}',
  },
  { key: 'finalJob.finalPreCmdOpts', group: 'finalJob', meaning: 'pre-command options of the final job', default: '{defaultPreCmdOpts}', defaultFrom: file, perLabel: false },
  { key: 'finalJob.updateOutputChain', group: 'finalJob', meaning: 'option that adds outputRun to the output chain', default: '--update-output-chain', defaultFrom: file, perLabel: false },
  { key: 'finalJob.retryUnlessExit', group: 'finalJob', meaning: 'exit codes the final job never retries', default: 2, defaultFrom: file, perLabel: false },
  { key: 'finalJob.requestCpus', group: 'finalJob', meaning: 'cores of the final job (ctrl_bps: 16)', default: 1, defaultFrom: file, perLabel: false },
  { key: 'finalJob.requestMemory', group: 'finalJob', meaning: 'memory of the final job, MiB (ctrl_bps: 32768)', default: 2048, defaultFrom: file, perLabel: false },
  // Where jobs run.
  { key: 'computeSite', group: 'site', meaning: 'where jobs run: local, nersc_perlmutter_cpu, nersc_perlmutter_debug, nersc_knl, nersc_haswell_debug, their *_alloc variants (jobs as srun steps in allocations), or a site.<name> of the config', default: 'local', defaultFrom: code, perLabel: false, cli: '--compute-site' },
  { key: 'parslConfig', group: 'site', meaning: 'gen3_workflow: …thread_pool_config_4 / _32 → local with 4 / 32 slots; …ht_debug_config → nersc_haswell_debug_alloc; …knl_htx_config → nersc_knl_alloc; …knl_flex_config → nersc_knl_flex_alloc (computeSite wins)', perLabel: false },
  { key: 'site.<name>.executor', group: 'site', meaning: 'the executor that runs the site\'s jobs; its own settings are listed under Executors', default: 'local', defaultFrom: code, perLabel: false },
  { key: 'site.<name>.class', group: 'site', meaning: 'ctrl_bps_parsl\'s site class; accepted and ignored', perLabel: false },
  // Generated (bps_defined).
  { key: 'timestamp', group: 'generated', meaning: 'UTC submission time, YYYYMMDDTHHMMSSZ, fixed once per submission', defaultFrom: generated, perLabel: false },
  { key: 'uniqProcName', group: 'generated', meaning: 'outputRun with / replaced by _; names files in the run folder', defaultFrom: generated, perLabel: false },
  { key: 'configDir', group: 'generated', meaning: 'bps-ts: the absolute folder of the config file that writes {configDir} (an included file: its own)', defaultFrom: generated, perLabel: false },
  // Legacy.
  { key: 'outCollection', group: 'legacy', meaning: 'gen3_workflow\'s name for outputRun: accepted as an alias, with one notice per submission', perLabel: false },
];

/** The top-level names of {@link configKeys} (`finalJob.whenRun` → `finalJob`), for checking site blocks. */
export const CONFIG_KEY_NAMES: ReadonlySet<string> = new Set([
  ...configKeys.filter((entry) => !entry.key.startsWith('site.')).map((entry) => entry.key.split('.')[0] as string),
  // Values bps-ts generates or fills per job, which a site block may also pin.
  'qgraphNodeId', 'jobName', 'jobLabel',
]);
