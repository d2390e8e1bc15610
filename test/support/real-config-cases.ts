/**
 * What `bps transform` must do with each real config of test/fixtures/real-configs (ids and sources in
 * its README.md; every key and its treatment in KEYS.md): the jobs it makes, or the one error it gives,
 * and the warnings that name each key bps-ts does not act on. Run on the demo's repo, pipeline, inputs and
 * query (given on the command line, which beats the file).
 */

export interface RealConfigCase {
  readonly id: string;
  readonly file: string;
  /** Wrap it in a config that sets payloadName (snippets and files that take it from the command line). */
  readonly wrap?: boolean;
  /** The gen3_workflow snapshot GEN3_WORKFLOW_DIR points at. @default '2025-07-30' */
  readonly gen3?: string;
  readonly args?: readonly string[];
  /** Jobs of the job DAG (including pipetaskInit and finalJob), when it transforms. */
  readonly jobs?: number;
  /** The error line, when it is refused (exit 1). */
  readonly error?: RegExp;
  /** Each must match one `bps WARNING:` line. */
  readonly warnings?: readonly RegExp[];
  /** Each must match one `bps INFO:` line. */
  readonly notes?: readonly RegExp[];
}

const WMS_PARSL = /wmsServiceClass desc\.gen3_workflow\.\S*ParslService is not loaded: bps-ts runs the workflow itself/;

export const REAL_CONFIG_CASES: readonly RealConfigCase[] = [
  // gen3_workflow's examples, 2020 to 2025.
  { id: 'G1', file: 'gen3_workflow-2020-11-15-bps_DRP.yaml', error: /Unknown computeSite 'ncsapool'\. Remove computeSite: parslConfig \S+threaded_pool_config alone picks site 'local'/, notes: [WMS_PARSL] },
  // Where jobs run is checked first: gen3_workflow's computeSite: ncsapool never named a site.
  { id: 'G2', file: 'gen3_workflow-2020-11-17-bps_DRP.yaml', error: /Unknown computeSite 'ncsapool'\. Remove computeSite: parslConfig \S+threaded_pool_config_4 alone picks site 'local'/ },
  { id: 'G2-local', file: 'gen3_workflow-2020-11-17-bps_DRP.yaml', args: ['--compute-site', 'local'], error: /requestMemory for label 'pipetaskInit' must be a positive number, not "2GB"/ },
  // With the site fixed, the pre-QBB payload command (no {qgraphNodeId}: per-job graph files) is refused.
  { id: 'G3', file: 'gen3_workflow-2021-02-05-bps_DRP.yaml', args: ['--compute-site', 'local'], error: /The payload jobs' command \(runQuantumCommand in .*\) has no \{qgraphNodeId\}: every job would run the whole QuantumGraph/, notes: [WMS_PARSL] },
  // A SLAC LSF config with a Cori parslConfig: refused, not sent to NERSC's KNL queue.
  { id: 'G4', file: 'gen3_workflow-2021-02-09-bps_slac_eo.yaml', error: /Unknown computeSite 'slaclsf'\. Remove computeSite: parslConfig \S+knl_htx_config alone picks site 'nersc_knl_alloc'/ },
  { id: 'G5', file: 'gen3_workflow-2021-03-13-bps_DRP.yaml', args: ['--compute-site', 'local'], error: /has no \{qgraphNodeId\}/, warnings: [/bpsUseShared has no effect/] },
  { id: 'G6', file: 'gen3_workflow-2021-03-13-bps_SFP.yaml', args: ['--compute-site', 'local'], error: /has no \{qgraphNodeId\}/, warnings: [/bpsUseShared has no effect/] },
  {
    id: 'G7', file: 'gen3_workflow-2021-05-07-bps_drp.yaml', gen3: '2021-05-07', error: /Generating quantum graph failed/,
    warnings: [/bpsUseShared has no effect/, /parsl_config is not used: parslConfig chooses the site \('local'\)/],
  },
  {
    id: 'G8', file: 'gen3_workflow-2021-05-07-bps_parsl_config.yaml', wrap: true, jobs: 31,
    notes: [/parsl_config\.retries 1 is numberOfRetries 1 here/, /parsl_config \(executor WorkQueue, provider Local\) runs here as site 'local' \(executor: local\)/],
    warnings: [/parsl_config: monitoring, checkpoint are Parsl's own/],
  },
  {
    id: 'G9', file: 'gen3_workflow-2021-08-18-bps_drp.yaml', gen3: '2021-08-18', jobs: 31, notes: [WMS_PARSL],
    warnings: [/executionButler has no effect: ctrl_bps removed the execution Butler/, /saveGenericWorkflow has no effect/, /pipetask sections for task labels not in this QuantumGraph apply to nothing: templateGen, imageDifference, forcedPhotDiffim, forcedPhotCcd\.$/],
  },
  { id: 'G10', file: 'gen3_workflow-2021-10-02-bps_drp.yaml', jobs: 31, notes: [WMS_PARSL], warnings: [/saveGenericWorkflow has no effect/] },
  { id: 'G11', file: 'gen3_workflow-2021-10-02-bps_sfp.yaml', jobs: 31, notes: [WMS_PARSL] },
  { id: 'G12', file: 'gen3_workflow-2025-07-29-bps_cpBias.yaml', jobs: 31, notes: [WMS_PARSL] },
  // ctrl_bps's shipped defaults and documentation.
  { id: 'B1', file: 'ctrl_bps-pipelines_check.yaml', error: /Unknown computeSite 'ncsapool'/ },
  {
    id: 'B2', file: 'ctrl_bps-bps_defaults.yaml', wrap: true, jobs: 31, notes: [/wmsServiceClass lsst\.ctrl\.bps\.htcondor\.HTCondorService is not loaded/],
    warnings: [
      /updateQgraphPreCmdOpts, updateQuantumGraph have no effect: a given qgraphFile is used as it is/,
      /preemptible, finalJob\.concurrencyLimit have no effect: HTCondor, PanDA and Parsl settings do nothing here/,
      /bpsUseShared, subDirTemplate, useLazyCommands, makeIdLink, idLinkPath have no effect/,
      /saveDot, saveGenericWorkflow, saveClusteredQgraph, validateClusteredQgraph have no effect/,
    ],
  },
  { id: 'B3', file: 'ctrl_bps-no_execution_butler.yaml', wrap: true, error: /The pipetaskInit job's command \(.*\) has \{qgraphNodeId\}, but that job runs no quanta/ },
  {
    id: 'B4', file: 'ctrl_bps-tests-initialize_config.yaml', wrap: true, error: /submitPath needs \{tempDir\}, which is not set/,
    warnings: [/bpsGenerateConfig, pipetask\.ptask1\.bpsGenerateConfig, finalJob\.bpsGenerateConfig have no effect: bps-ts cannot call Python/, /p2, pipetask\.ptask1\.p2, pipetask\.ptask1\.genval1, pipetask\.ptask1\.genval2, finalJob\.p2 \(in .*\): not bps settings, and nothing refers to them as a \{name\}; ignored/],
  },
  { id: 'B5', file: 'ctrl_bps-quickstart-customjob-inputs-outputs.yaml', wrap: true, jobs: 31, warnings: [/customJob has no effect: bps-ts has no submitcmd/] },
  { id: 'B6', file: 'ctrl_bps-quickstart-runinit.yaml', wrap: true, jobs: 31 },
  { id: 'B7', file: 'ctrl_bps-quickstart-request-memory.yaml', wrap: true, jobs: 31, warnings: [/pipetasks in .* is not a bps setting\. Did you mean 'pipetask'\? It has no effect/] },
  { id: 'B8', file: 'ctrl_bps-quickstart-memory-scaling.yaml', wrap: true, jobs: 31, warnings: [/pipetasks in .* is not a bps setting\. Did you mean 'pipetask'\?/] },
  { id: 'B9', file: 'ctrl_bps-quickstart-disable-retries.yaml', wrap: true, jobs: 31 },
  { id: 'B10', file: 'ctrl_bps-quickstart-job-qgraph-files.yaml', wrap: true, jobs: 31 },
  { id: 'B11', file: 'ctrl_bps-quickstart-qbb-commands.yaml', wrap: true, jobs: 31 },
  { id: 'B12', file: 'ctrl_bps-quickstart-finaljob.yaml', wrap: true, jobs: 31, warnings: [/finalJob\.concurrencyLimit has no effect/] },
  { id: 'B16', file: 'ctrl_bps-quickstart-job-ordering.yaml', wrap: true, jobs: 31, warnings: [/ordering has no effect: jobs run in dependency order only/] },
  { id: 'B13', file: 'ctrl_bps-quickstart-dimension-clustering.yaml', wrap: true, jobs: 31 },
  { id: 'B15', file: 'ctrl_bps-quickstart-clustering-partitions.yaml', wrap: true, jobs: 31 },
  // ctrl_bps_parsl's documented sites: each class on the executor that does what it did.
  { id: 'L1', file: 'ctrl_bps_parsl-use-tiger.yaml', wrap: true, jobs: 31, notes: [/site\.tiger \(lsst\.ctrl\.bps\.parsl\.sites\.princeton\.Tiger\) runs here as jobs as srun steps inside Slurm allocations \(executor: allocation\)/], warnings: [/^bps WARNING: parsl has no effect/] },
  { id: 'L2', file: 'ctrl_bps_parsl-sites-slurm.yaml', wrap: true, jobs: 31, notes: [/site\.slurm \(lsst\.ctrl\.bps\.parsl\.sites\.Slurm\) runs here as jobs as srun steps/] },
  { id: 'L3', file: 'ctrl_bps_parsl-sites-ccin2p3-defaults.yaml', wrap: true, jobs: 31, notes: [/site\.ccin2p3 \(\S*Ccin2p3\) runs here as jobs as srun steps/] },
  { id: 'L4', file: 'ctrl_bps_parsl-sites-ccin2p3-overrides.yaml', wrap: true, jobs: 31, warnings: [/site\.ccin2p3: small, medium, large, xlarge size Parsl's own blocks and workers/] },
  { id: 'L5', file: 'ctrl_bps_parsl-sites-torque.yaml', wrap: true, error: /site\.torque\.class \S+Torque submits to PBS\/Torque, which bps-ts cannot do/ },
  { id: 'U1', file: 'dm_dev_guide-usdf-parsl-sites.yaml', wrap: true, jobs: 31, notes: [/site\.local \(\S+Local\) runs here as a process pool on this machine/] },
  { id: 'U1-slurm', file: 'dm_dev_guide-usdf-parsl-sites.yaml', wrap: true, args: ['--compute-site', 'slurm'], jobs: 31, notes: [/site\.slurm \(\S+\.Slurm\) runs here as jobs as srun steps/] },
  {
    id: 'U1-triple', file: 'dm_dev_guide-usdf-parsl-sites.yaml', wrap: true, args: ['--compute-site', 'triple_slurm'], jobs: 31,
    notes: [/site\.triple_slurm \(\S+TripleSlurm\) runs here as one pool of Slurm allocations, each job placed by its own requestMemory/],
    warnings: [/site\.triple_slurm: small_memory, medium_memory, large_memory, small_walltime, medium_walltime, large_walltime size Parsl's own/],
  },
  { id: 'U1-wq', file: 'dm_dev_guide-usdf-parsl-sites.yaml', wrap: true, args: ['--compute-site', 'work_queue'], jobs: 31, notes: [/LocalSrunWorkQueue\) runs here as srun steps inside the Slurm allocation bps runs in/], warnings: [/site\.work_queue: worker_options sizes Parsl's own/] },
  { id: 'U2', file: 'dm_dev_guide-usdf-htcondor-site.yaml', wrap: true, args: ['--compute-site', 's3df'], error: /site\.s3df\.profile has no effect in bps-ts \(.*\): HTCondor, PanDA and Parsl settings do nothing here/ },
  {
    id: 'S1', file: 'bps_parsl_sites-2025-10-30-bps_stage1_example.yaml', jobs: 31, notes: [/site\.work_queue \(bps_parsl_sites\.SlurmWorkQueue\) runs here as jobs as srun steps/],
    warnings: [/site\.work_queue: worker_options, monitorEnable, monitorFilename size Parsl's own/, /pipetask sections for task labels not in this QuantumGraph apply to nothing/],
  },
  { id: 'S2', file: 'bps_parsl_sites-2026-03-02-bps_stage1_example.yaml', jobs: 31, notes: [/site\.task_vine \(bps_parsl_sites\.SlurmTaskVine\) runs here as jobs as srun steps/], warnings: [/site\.task_vine: provider_options, worker_options, monitorEnable, monitorFilename size Parsl's own/] },
  // ctrl_bps_panda examples: their site names exist only at SLAC and on Google; locally, their keys are named.
  { id: 'N1', file: 'ctrl_bps_panda-test_usdf.yaml', error: /Unknown computeSite 'SLAC'/ },
  {
    id: 'N3', file: 'ctrl_bps_panda-pipelines_check_idf.yaml', args: ['--compute-site', 'local'], jobs: 31,
    warnings: [/placeholderParams, maxJobsPerTask, prodSourceLabel, priority, payloadCommand, runnerCommand and \d+ more have no effect/, /executionButler has no effect/],
  },
  {
    id: 'N4', file: 'ctrl_bps_panda-example_panda_SLAC.yaml', args: ['--compute-site', 'local'], error: /Unterminated " quote in command line/,
    warnings: [/computingCloud in .* is not a bps setting\. Did you mean 'computeCloud'\?/, /useBpsShared \(in .*\): not a bps setting, and nothing refers to it/],
  },
  // drp_pipe: clustering, resources and caching files as a user includes them.
  { id: 'D1', file: 'drp_pipe-2023-12-22-DRP-DC2-clustering.yaml', wrap: true, jobs: 31, warnings: [/^bps WARNING: imports \(in .*\): not a bps setting/, /cluster\.visit_detector group nothing: clusterAlgorithm is single_quantum_clustering/] },
  { id: 'D2', file: 'drp_pipe-2024-01-23-DRP-DC2-clustering.yaml', wrap: true, jobs: 20 },
  { id: 'D3', file: 'drp_pipe-2026-01-21-DRP-DC2-clustering.yaml', wrap: true, jobs: 30 },
  { id: 'D4', file: 'drp_pipe-2026-04-03-LSSTCam-DRP-clustering.yaml', wrap: true, jobs: 31 },
  { id: 'D5', file: 'drp_pipe-2025-01-08-DRP-DP0.2-resources.yaml', wrap: true, jobs: 31, warnings: [/pipetask sections for task labels not in this QuantumGraph apply to nothing: /] },
  { id: 'D6', file: 'drp_pipe-2026-01-20-LSSTCam-usdf-DRP-caching.yaml', wrap: true, jobs: 31, warnings: [/subDirTemplate has no effect/, /cluster\.step1detector group nothing/] },
  // ap_pipe.
  { id: 'A1', file: 'ap_pipe-2025-10-06-bps_ApPipe.yaml', error: /computeSite must be a site name, not a mapping \(computeSite in .*\)\. Write computeSite: <name>/ },
  { id: 'A2', file: 'ap_pipe-2026-04-10-bps_PromptTemplate.yaml', jobs: 31 },
  { id: 'A3', file: 'ap_pipe-2026-03-31-LSSTCam-bps_Daytime.yaml', wrap: true, jobs: 31, warnings: [/ordering has no effect/, /nodeset has no effect/] },
  { id: 'A4', file: 'ap_pipe-doc-pipeline-bps-example.yaml', error: /site\.s3df\.profile has no effect in bps-ts \(.*\): HTCondor, PanDA and Parsl settings do nothing here/ },
  { id: 'A5', file: 'ap_pipe-doc-pipeline-bps-ordering.yaml', wrap: true, jobs: 31, warnings: [/ordering has no effect/] },
];
