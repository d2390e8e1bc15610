import { loadBpsConfig } from '../config/load.js';
import type { JobSettings } from '../config/job-settings.js';
import type { SiteConfig } from '../config/site-config.js';
import type { BpsConfig } from '../config/bps-config.js';
import { splitCommandLine } from '../process/argv.js';
import { FINAL_LABEL, INIT_LABEL, type FinalJobWhen, type JobKind, type LabelSpec } from '../model/job-spec.js';
import { resolveClustering, type Clustering } from './clustering.js';
import { definedEnv, type AppContext } from './context.js';
import { jobArgv } from './job-argv.js';

/** The resolved values a submission needs, read once from the config. */
export interface RunConfig {
  readonly bps: BpsConfig;
  readonly submitDir: string;
  readonly outputRun: string;
  readonly uniqProcName: string;
  readonly operator: string;
  readonly project: string;
  readonly campaign: string;
  readonly payloadName: string;
  readonly userQgraphFile: boolean;
  readonly qgraphFile: string;
  readonly qgraphDotFile: string;
  readonly createQuantumGraph: string;
  readonly qgraphDotCommand: string;
  /** The environment for commands bps-ts runs: the process's plus the config's `environment`. */
  readonly commandEnv: Readonly<Record<string, string>>;
  readonly runInit: boolean;
  /** Some job's command has {qgraphId}: pipetask must say the graph's ID. */
  readonly usesGraphId: boolean;
  readonly site: SiteConfig;
  /** How quanta are grouped into jobs (`clusterAlgorithm`, `cluster.<label>`). */
  readonly clustering: Clustering;
  /** The settings of the jobs of a job label: a task label, or a cluster label holding these task labels. */
  labelSpec(label: string, taskLabels?: readonly string[]): LabelSpec;
  initSpec(): LabelSpec;
  finalJob(): { whenRun: FinalJobWhen; spec: LabelSpec | undefined };
  toYaml(): string;
}

/** Loads and checks the config of a submission (what, where, and what to do when something is missing). */
export function loadRunConfig(options: { path: string; overrides: Readonly<Record<string, string>>; ctx: AppContext; now?: Date; quiet?: boolean }): RunConfig {
  const { ctx } = options;
  // quiet: a second reading of a config already read (and warned about) once.
  const bps = loadBpsConfig({
    path: options.path, cliOverrides: options.overrides, env: ctx.env, cwd: ctx.cwd, now: options.now ?? ctx.now(),
    warn: (m) => (options.quiet ? undefined : ctx.logger.warn(m)),
    notice: (m) => (options.quiet ? undefined : ctx.logger.info(m)),
    audit: ({ notes, warnings }) => {
      if (options.quiet) return;
      for (const note of notes) ctx.logger.info(note);
      for (const warning of warnings) ctx.logger.warn(warning);
    },
  });
  const payload = bps.requiredPayload();
  // Where jobs run first: a site that does not exist is the first thing to fix (a SLAC config must not get further at NERSC).
  const site = bps.computeSite();
  if (!options.quiet) for (const note of site.notes ?? []) ctx.logger.info(note);
  const clustering = resolveClustering(bps);
  const usesGraphId = checkJobSettings(bps, clustering);
  const environment = bps.environment();
  const prepend = commandPrepend(bps);
  const spec = (label: string, kind: JobKind, settings: Pick<JobSettings, 'resources' | 'retry' | 'environment'>, commands: readonly string[]): LabelSpec => ({
    label,
    kind,
    command: jobArgv(commands, prepend),
    resources: settings.resources,
    retry: settings.retry,
    environment: settings.environment,
  });
  return {
    bps,
    submitDir: bps.run.submitPath,
    outputRun: bps.run.outputRun,
    uniqProcName: bps.run.uniqProcName,
    operator: bps.run.operator,
    project: bps.text('project'),
    campaign: bps.text('campaign'),
    payloadName: payload.payloadName,
    userQgraphFile: bps.userQgraphFile,
    qgraphFile: bps.run.qgraphFile,
    qgraphDotFile: bps.run.qgraphDotFile,
    createQuantumGraph: bps.text('createQuantumGraph'),
    qgraphDotCommand: bps.text('qgraphDotCommand'),
    commandEnv: { ...definedEnv(ctx.env), ...environment },
    runInit: payload.runInit,
    usesGraphId,
    site,
    clustering,
    labelSpec: (label, taskLabels = [label]) => {
      const settings = clustering.isClusterLabel(label) ? bps.clusterJobSettings(label, taskLabels).settings : bps.jobSettingsFor(label);
      return spec(label, 'payload', settings, [settings.runQuantumCommand]);
    },
    initSpec: () => {
      const settings = bps.jobSettingsFor(INIT_LABEL);
      return spec(INIT_LABEL, 'init', settings, [settings.runQuantumCommand]);
    },
    finalJob: () => {
      const final = bps.finalJobSettings();
      if (final.whenRun === 'NEVER') return { whenRun: final.whenRun, spec: undefined };
      return { whenRun: final.whenRun, spec: spec(FINAL_LABEL, 'final', final, final.commands) };
    },
    toYaml: () => bps.toYaml(),
  };
}

/**
 * Resolves every label's job settings the config names (the root's, pipetaskInit's, each
 * `pipetask.<label>`'s, finalJob's) before anything is created, so a typo fails in a second with no
 * submit folder left behind, not after a graph build that may take hours.
 */
function checkJobSettings(bps: BpsConfig, clustering: Clustering): boolean {
  const commands: string[] = [];
  // 'anyTask' stands for every label without a pipetask.<label> section: it sees the root's values.
  const labels = new Set([INIT_LABEL, 'anyTask', ...bps.pipetaskLabels()]);
  for (const label of labels) commands.push(bps.jobSettingsFor(label).runQuantumCommand);
  // A cluster's tasks are looked up with the cluster current (cluster.<label> before pipetask.<task>),
  // each on its own here; whether a cluster's tasks agree is checked with the graph, on the tasks it has.
  for (const spec of clustering.specs) {
    for (const task of spec.pipetasks) commands.push(bps.clusterJobSettings(spec.label, [task]).settings.runQuantumCommand);
  }
  commands.push(...bps.finalJobSettings().commands);
  for (const command of commands) splitCommandLine(command);
  return commands.some((command) => command.includes('{qgraphId}'));
}

/** gen3_workflow's `commandPrepend`, kept for the execute side (`${VAR}` expanded where the job runs); undefined when unset. */
function commandPrepend(bps: BpsConfig): string | undefined {
  const value = bps.search('commandPrepend', { expandEnv: false });
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
