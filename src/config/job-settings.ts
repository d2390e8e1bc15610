import { ConfigError } from '../errors.js';
import type { FinalJobWhen, JobResources, RetryPolicy } from '../workflow/types.js';
import type { BpsConfig, SearchOptions } from './bps-config.js';
import { resolveEnvironment } from './environment.js';
import { isMapping } from './yaml-file.js';

/** Values that stay `{name}` in job commands until a job is launched. */
export const PER_JOB_NAMES = ['qgraphNodeId', 'jobName'] as const;

/** One label's job settings, resolved once per label (ctrl_bps caches per-label lookups, DM-32241). */
export interface JobSettings {
  readonly command: string;
  readonly resources: JobResources;
  readonly retry: RetryPolicy;
  readonly environment: Readonly<Record<string, string>>;
}

/** Settings of the jobs of one task label (or `pipetaskInit`), under the full search order. */
export function jobSettingsFor(config: BpsConfig, label: string): JobSettings {
  const options: SearchOptions = { curvals: { curr_pipetask: label } };
  const command = config.text('runQuantumCommand', { ...options, expandEnv: false, skipNames: PER_JOB_NAMES });
  if (command.trim() === '') throw new ConfigError(`No runQuantumCommand for label '${label}'.`, { hint: 'Set runQuantumCommand (or pipetask.<label>.runQuantumCommand).' });
  return { command, resources: resources(config, options, label), retry: retryPolicy(config, options, label), environment: resolveEnvironment(config) };
}

/** The final job's settings (`finalJob` section first): whenRun, its commands and resources. */
export function finalJobSettings(config: BpsConfig): { whenRun: FinalJobWhen; settings: JobSettings | undefined } {
  const section = config.data['finalJob'];
  const searchobj = isMapping(section) ? section : {};
  const options: SearchOptions = { searchobj, curvals: { curr_pipetask: 'finalJob' } };
  const whenRun = config.text('whenRun', { ...options, default: 'NEVER' }).toUpperCase();
  if (whenRun !== 'ALWAYS' && whenRun !== 'SUCCESS' && whenRun !== 'NEVER') {
    throw new ConfigError(`Invalid value for finalJob.whenRun: '${whenRun}'.`, { hint: 'Use ALWAYS, SUCCESS or NEVER.' });
  }
  if (whenRun === 'NEVER') return { whenRun, settings: undefined };
  const commands = Object.keys(searchobj).filter((k) => /^command\d+$/.test(k)).sort((a, b) => Number(a.slice(7)) - Number(b.slice(7)));
  if (commands.length === 0) throw new ConfigError('No finalJob commands were found.', { hint: 'Use NEVER for finalJob.whenRun to turn off finalJob.' });
  if (commands.length > 1) throw new ConfigError('bps-ts runs one finalJob command (finalJob.command1); join the others into it or drop them.');
  const command = config.text(commands[0] as string, { ...options, expandEnv: false });
  return { whenRun, settings: { command, resources: resources(config, options, 'finalJob'), retry: retryPolicy(config, options, 'finalJob'), environment: resolveEnvironment(config) } };
}

function resources(config: BpsConfig, options: SearchOptions, label: string): JobResources {
  return {
    requestCpus: positive(config, 'requestCpus', options, label, true) ?? 1,
    requestMemory: positive(config, 'requestMemory', options, label, false) ?? 2048,
    requestWalltime: positive(config, 'requestWalltime', options, label, false),
    requestDisk: positive(config, 'requestDisk', options, label, false),
  };
}

function retryPolicy(config: BpsConfig, options: SearchOptions, label: string): RetryPolicy {
  const retries = config.search('numberOfRetries', options) ?? 5;
  if (typeof retries !== 'number' || !Number.isInteger(retries) || retries < 0) throw typeError('numberOfRetries', label, 'a whole number ≥ 0', retries);
  const unless = config.search('retryUnlessExit', options);
  const codes = unless === undefined || unless === null || unless === '' ? [] : Array.isArray(unless) ? unless : [unless];
  if (codes.some((c) => typeof c !== 'number' || !Number.isInteger(c))) throw typeError('retryUnlessExit', label, 'an exit code or a list of exit codes', unless);
  const multiplier = config.search('memoryMultiplier', options) ?? 1;
  if (typeof multiplier !== 'number' || multiplier < 1) throw typeError('memoryMultiplier', label, 'a number ≥ 1', multiplier);
  return { numberOfRetries: retries, retryUnlessExit: codes as number[], memoryMultiplier: multiplier, memoryLimit: positive(config, 'memoryLimit', options, label, false) ?? 491520 };
}

function positive(config: BpsConfig, key: string, options: SearchOptions, label: string, integer: boolean): number | undefined {
  const value = config.search(key, options);
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw typeError(key, label, integer ? 'a positive whole number' : 'a positive number', value);
  return n;
}

function typeError(key: string, label: string, expected: string, got: unknown): ConfigError {
  return new ConfigError(`${key} for label '${label}' must be ${expected}, not ${JSON.stringify(got)}.`, { hint: `Check ${key} (and pipetask.${label}.${key}) in your config.` });
}
