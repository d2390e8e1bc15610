import { ConfigError } from '../errors.js';
import { loadBpsConfig } from '../config/load.js';
import { finalJobSettings, jobSettingsFor, type JobSettings } from '../config/job-settings.js';
import { formatWithSpec } from '../config/format-spec.js';
import { resolveEnvironment } from '../config/environment.js';
import { resolveSite, type SiteConfig } from '../config/sites.js';
import { dumpYaml } from '../config/yaml-file.js';
import type { BpsConfig } from '../config/bps-config.js';
import { splitCommandLine } from '../process/argv.js';
import { INIT_LABEL, FINAL_LABEL } from '../workflow/build.js';
import type { FinalJobWhen, JobKind, LabelSpec } from '../workflow/types.js';
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
  readonly templateDataId: string;
  readonly runInit: boolean;
  readonly site: SiteConfig;
  formatValue(value: string | number, spec: string): string;
  labelSpec(label: string): LabelSpec;
  initSpec(): LabelSpec;
  finalJob(): { whenRun: FinalJobWhen; spec: LabelSpec | undefined };
  toYaml(): string;
}

/** Loads and checks the config of a submission (what, where, and what to do when something is missing). */
export function loadRunConfig(options: { path: string; overrides: Readonly<Record<string, string>>; ctx: AppContext }): RunConfig {
  const { ctx } = options;
  const bps = loadBpsConfig({ path: options.path, cliOverrides: options.overrides, env: ctx.env, cwd: ctx.cwd, now: ctx.now(), warn: (m) => ctx.logger.warn(m) });
  requirePayload(bps);
  checkJobSettings(bps);
  const environment = resolveEnvironment(bps);
  const site = resolveSite({
    computeSite: bps.text('computeSite') || undefined,
    explicit: bps.text('computeSite') !== '',
    parslConfig: bps.text('parslConfig') || undefined,
    userSites: bps.data['site'],
  });
  const spec = (label: string, kind: JobKind, settings: JobSettings): LabelSpec => ({
    label,
    kind,
    command: splitCommandLine(settings.command),
    resources: settings.resources,
    retry: settings.retry,
    environment: settings.environment,
  });
  return {
    bps,
    submitDir: bps.text('submitPath'),
    outputRun: bps.text('outputRun'),
    uniqProcName: bps.text('uniqProcName'),
    operator: bps.text('operator'),
    project: bps.text('project'),
    campaign: bps.text('campaign'),
    payloadName: bps.text('payloadName'),
    userQgraphFile: bps.raw('userQgraphFile') === true,
    qgraphFile: bps.text('qgraphFile'),
    qgraphDotFile: bps.text('qgraphDotFile'),
    createQuantumGraph: bps.text('createQuantumGraph'),
    qgraphDotCommand: bps.text('qgraphDotCommand'),
    commandEnv: { ...stringEnv(ctx.env), ...environment },
    // Kept raw: its {dimension}s are filled per quantum, not from the config.
    templateDataId: bps.text('templateDataId', { replaceVars: false }),
    runInit: isTrue(bps.search('runInit')),
    site,
    formatValue: (value, formatSpec) => formatWithSpec(value, formatSpec),
    labelSpec: (label) => spec(label, 'payload', jobSettingsFor(bps, label)),
    initSpec: () => spec(INIT_LABEL, 'init', jobSettingsFor(bps, INIT_LABEL)),
    finalJob: () => {
      const { whenRun, settings } = finalJobSettings(bps);
      return { whenRun, spec: settings ? spec(FINAL_LABEL, 'final', settings) : undefined };
    },
    toYaml: () => dumpYaml(bps.data),
  };
}

/** ctrl_bps's "Submit YAML must specify" list, checked up front instead of failing inside pipetask. */
function requirePayload(bps: BpsConfig): void {
  const missing = (key: string, why: string) => new ConfigError(`Missing '${key}' in the config: ${why}.`, { hint: `Set ${key} (usually under payload:).` });
  const userQgraph = bps.raw('userQgraphFile') === true;
  if (!userQgraph && bps.text('pipelineYaml') === '') throw missing('pipelineYaml', 'give pipelineYaml (or qgraphFile / -g for a graph built earlier)');
  for (const key of ['butlerConfig', 'inCollection', 'payloadName']) if (bps.text(key) === '') throw missing(key, 'it is required');
  if (!userQgraph && bps.text('dataQuery') === '') throw missing('dataQuery', 'it selects the data to process');
}

/**
 * Resolves every label's job settings the config names (the root's, pipetaskInit's, each
 * `pipetask.<label>`'s, finalJob's) before anything is created, so a typo fails in a second with no
 * submit folder left behind, not after a graph build that may take hours.
 */
function checkJobSettings(bps: BpsConfig): void {
  const section = bps.data['pipetask'];
  // 'anyTask' stands for every label without a pipetask.<label> section: it sees the root's values.
  const labels = new Set([INIT_LABEL, 'anyTask', ...(typeof section === 'object' && section !== null ? Object.keys(section) : [])]);
  for (const label of labels) splitCommandLine(jobSettingsFor(bps, label).command);
  const final = finalJobSettings(bps).settings;
  if (final) splitCommandLine(final.command);
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true' || value === 'True' || value === 1;
}
