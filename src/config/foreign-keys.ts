/**
 * Keys real bps configs use that bps-ts knows but does not act on (test/fixtures/real-configs/KEYS.md
 * lists where each comes from), grouped by what happens instead, so a warning can name them and say so.
 * Keys that have no effect in ctrl_bps either (finalJob.whenSetup, finalJob.implementation) are not here.
 */

export interface ForeignKeyGroup {
  /** Key paths: `saveDot` (root, payload or a label section), `finalJob.queue`, `executionButler` (a whole section). */
  readonly keys: readonly string[];
  /** What happens instead, the end of the warning's sentence. */
  readonly instead: string;
  /** Only when the value is not this one (e.g. `whenSaveJobQgraph: NEVER` is what bps-ts does anyway). */
  readonly harmlessValue?: unknown;
}

export const FOREIGN_KEY_GROUPS: readonly ForeignKeyGroup[] = [
  {
    keys: ['saveDot', 'saveGenericWorkflow', 'saveClusteredQgraph', 'validateClusteredQgraph'],
    instead: 'bps-ts writes no such debug files (bps graph RUN draws the job DAG)',
  },
  {
    keys: ['bpsUseShared', 'useLazyCommands', 'subDirTemplate', 'makeIdLink', 'idLinkPath'],
    instead: 'bps-ts always uses full paths on the shared file system and keeps job logs in <submitPath>/logging',
  },
  { keys: ['whenSaveJobQgraph'], harmlessValue: 'NEVER', instead: 'bps-ts writes no per-job graph files: every job reads the run\'s graph with --qgraph-node-id (as NEVER)' },
  { keys: ['updateQuantumGraph', 'updateQgraphPreCmdOpts'], instead: 'a given qgraphFile is used as it is (bps-ts does not rewrite its output run)' },
  { keys: ['executionButler', 'executionButlerTemplate'], instead: 'ctrl_bps removed the execution Butler; the finalJob (butler aggregate-graph) registers the outputs instead' },
  { keys: ['ordering'], instead: 'jobs run in dependency order only; bps-ts does not hold groups of jobs back one after another' },
  { keys: ['bpsGenerateConfig'], instead: 'bps-ts cannot call Python: nothing is generated' },
  { keys: ['customJob'], instead: 'bps-ts has no submitcmd: bps submit runs the pipeline' },
  {
    keys: [
      'nodeset', 'provisionResources', 'provisioning', 'concurrencyLimit', 'finalJob.concurrencyLimit', 'profile',
      'preemptible', 'priority', 'queue', 'finalJob.queue', 'computeCloud', 'cloud',
      'placeholderParams', 'maxJobsPerTask', 'prodSourceLabel', 'iddsServer', 's3EndpointUrl', 'runnerCommand', 'payloadCommand',
      'setupLSSTEnv', 'jobInitDir', 'jobLogDir', 'jobContainer', 'jobCleanup', 'sw_image', 'fileDistributionEndPointDefault',
      'maxwalltime', 'maxattempt', 'processingType', 'taskType', 'vo', 'parsl',
    ],
    instead: 'HTCondor, PanDA and Parsl settings do nothing here, as bps-ts runs the jobs itself with the compute site\'s executor',
  },
];

/** The group a key path belongs to (`queue`, `finalJob.queue`, `executionButler`), if any. */
export function foreignKeyGroup(path: string): ForeignKeyGroup | undefined {
  const last = path.split('.').at(-1) ?? path;
  return FOREIGN_KEY_GROUPS.find((group) => group.keys.includes(path) || group.keys.includes(last));
}
