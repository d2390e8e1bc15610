import { ConfigError } from '../errors.js';
import { loadBpsConfig } from '../config/load.js';
import type { JobSettings } from '../config/job-settings.js';
import type { SiteConfig } from '../config/site-config.js';
import type { BpsConfig } from '../config/bps-config.js';
import { splitCommandLine } from '../process/argv.js';
import { FINAL_LABEL, INIT_LABEL, type FinalJobWhen, type JobKind, type LabelSpec } from '../model/job-spec.js';
import { resolveClustering, type Clustering } from './clustering.js';
import type { AppContext } from './context.js';

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
export function loadRunConfig(options: { path: string; overrides: Readonly<Record<string, string>>; ctx: AppContext }): RunConfig {
  const { ctx } = options;
  const bps = loadBpsConfig({ path: options.path, cliOverrides: options.overrides, env: ctx.env, cwd: ctx.cwd, now: ctx.now(), warn: (m) => ctx.logger.warn(m), notice: (m) => ctx.logger.info(m) });
  const payload = bps.requiredPayload();
  const clustering = resolveClustering(bps);
  checkJobSettings(bps, clustering);
  const environment = bps.environment();
  const site = bps.computeSite();
  const spec = (label: string, kind: JobKind, settings: Pick<JobSettings, 'resources' | 'retry' | 'environment'>, command: string): LabelSpec => ({
    label,
    kind,
    command: splitCommandLine(command),
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
    commandEnv: { ...stringEnv(ctx.env), ...environment },
    runInit: payload.runInit,
    site,
    clustering,
    labelSpec: (label, taskLabels = [label]) => {
      const settings = clustering.isClusterLabel(label) ? bps.clusterJobSettings(label, taskLabels).settings : bps.jobSettingsFor(label);
      return spec(label, 'payload', settings, settings.runQuantumCommand);
    },
    initSpec: () => {
      const settings = bps.jobSettingsFor(INIT_LABEL);
      return spec(INIT_LABEL, 'init', settings, settings.runQuantumCommand);
    },
    finalJob: () => {
      const final = bps.finalJobSettings();
      if (final.whenRun === 'NEVER') return { whenRun: final.whenRun, spec: undefined };
      if (final.commands.length > 1) throw new ConfigError('bps-ts runs one finalJob command (finalJob.command1); join the others into it or drop them.');
      return { whenRun: final.whenRun, spec: spec(FINAL_LABEL, 'final', final, final.commands[0] as string) };
    },
    toYaml: () => bps.toYaml(),
  };
}

/**
 * Resolves every label's job settings the config names (the root's, pipetaskInit's, each
 * `pipetask.<label>`'s, finalJob's) before anything is created, so a typo fails in a second with no
 * submit folder left behind, not after a graph build that may take hours.
 */
function checkJobSettings(bps: BpsConfig, clustering: Clustering): void {
  // 'anyTask' stands for every label without a pipetask.<label> section: it sees the root's values.
  const labels = new Set([INIT_LABEL, 'anyTask', ...bps.pipetaskLabels()]);
  for (const label of labels) splitCommandLine(bps.jobSettingsFor(label).runQuantumCommand);
  // A cluster's tasks are looked up with the cluster current (cluster.<label> before pipetask.<task>),
  // each on its own here; whether a cluster's tasks agree is checked with the graph, on the tasks it has.
  for (const spec of clustering.specs) {
    for (const task of spec.pipetasks) splitCommandLine(bps.clusterJobSettings(spec.label, [task]).settings.runQuantumCommand);
  }
  for (const command of bps.finalJobSettings().commands) splitCommandLine(command);
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}
