import { ConfigError } from '../errors.js';
import { FINAL_LABEL, type FinalJobWhen, type JobResources, type RetryPolicy } from '../model/job-spec.js';
import { isMapping, type ConfigNode } from './config-node.js';
import { resolveEnvironment } from './environment.js';
import { readCommand } from './commands.js';
import { readResources, readRetryPolicy } from './job-resources.js';
import type { ConfigResolver, SearchOptions } from './resolver.js';


/** The final job (ctrl_bps `finalJob` section): when it runs, its commands and its resources. */
export interface FinalJobSettings {
  /** ALWAYS: after everything settled, even after failures; SUCCESS: only if every job succeeded; NEVER. */
  readonly whenRun: FinalJobWhen;
  /** `finalJob.command1`, `command2`, … in number order, resolved like job commands; empty for NEVER. */
  readonly commands: readonly string[];
  readonly resources: JobResources;
  readonly retry: RetryPolicy;
  readonly environment: Readonly<Record<string, string>>;
}

const WHEN_RUN: readonly FinalJobWhen[] = ['ALWAYS', 'SUCCESS', 'NEVER'];

/** Reads the `finalJob` section, searched first, then the usual search order (as ctrl_bps's `searchobj`). */
export function finalJobSettings(config: ConfigResolver): FinalJobSettings {
  const section = finalJobSection(config);
  const options: SearchOptions = { searchobj: section, curvals: { jobLabel: FINAL_LABEL } };
  const whenRun = readWhenRun(config, options);
  const names = Object.keys(section).filter((key) => /^command\d+$/.test(key)).sort((a, b) => Number(a.slice(7)) - Number(b.slice(7)));
  if (whenRun !== 'NEVER' && names.length === 0) {
    throw new ConfigError('No finalJob commands were found.', { hint: 'Set finalJob.command1, or use NEVER for finalJob.whenRun to turn off finalJob.' });
  }
  return {
    whenRun,
    commands: whenRun === 'NEVER' ? [] : names.map((name) => readCommand(config, name, options, FINAL_LABEL, 'final')),
    resources: readResources(config, options, FINAL_LABEL),
    retry: readRetryPolicy(config, options, FINAL_LABEL),
    environment: resolveEnvironment(config, options),
  };
}

function finalJobSection(config: ConfigResolver): ConfigNode {
  const section = config.data['finalJob'];
  if (section === undefined || section === null) return {};
  if (!isMapping(section)) throw new ConfigError(`'finalJob' must be a mapping of settings, not ${JSON.stringify(section)}.`, { hint: 'See etc/bps_defaults.yaml for its keys.' });
  return section;
}

function readWhenRun(config: ConfigResolver, options: SearchOptions): FinalJobWhen {
  const raw = config.text('whenRun', { ...options, default: 'NEVER' });
  const whenRun = raw.toUpperCase() as FinalJobWhen;
  if (WHEN_RUN.includes(whenRun)) return whenRun;
  const hit = config.locate('whenRun', options);
  throw new ConfigError(`Invalid value for finalJob.whenRun: '${raw}'.`, {
    hint: `Use ALWAYS, SUCCESS or NEVER. It is set at ${hit ? config.describe(hit.path) : 'finalJob.whenRun'}.`,
  });
}
