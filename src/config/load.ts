import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { packageRoot } from '../paths.js';
import { BpsConfig } from './bps-config.js';
import { resolveEnvironment } from './environment.js';
import { loadWithIncludes } from './includes.js';
import { deepMerge, isMapping, readYamlMapping, type ConfigNode } from './yaml-file.js';

export interface LoadOptions {
  readonly path: string;
  /** Command-line values (ctrl_bps `bps_cmdline`): they beat everything. */
  readonly cliOverrides?: Readonly<Record<string, string>>;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** The submission time; `timestamp` is fixed from it once per load. */
  readonly now?: Date;
  readonly warn?: (message: string) => void;
}

/** The shipped defaults file, `etc/bps_defaults.yaml` in the package folder. */
export function defaultsPath(): string {
  return join(packageRoot(), 'etc', 'bps_defaults.yaml');
}

/** `YYYYMMDDTHHMMSSZ` in UTC, as pipe_base's makeCollectionTimestamp. */
export function collectionTimestamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * Loads a bps config the ctrl_bps way (BPS-CONFIG.md): shipped defaults ← the user's file with its
 * includes ← command-line values, plus the bps-generated values (timestamp, operator, uniqProcName,
 * submitPath, qgraphFile, configDir). The `environment` map joins the environment used for `${VAR}`.
 */
export function loadBpsConfig(options: LoadOptions): BpsConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const warn = options.warn ?? (() => undefined);
  const baseLookup = (name: string) => env[name] ?? (name === 'PWD' ? cwd : undefined);
  const path = resolve(cwd, options.path);
  const user = loadWithIncludes(path, { env: baseLookup, cwd });
  const data = deepMerge(readYamlMapping(defaultsPath()), user);
  applyOutCollectionAlias(data, user, options.cliOverrides ?? {}, warn);
  data['bps_cmdline'] = { ...(options.cliOverrides ?? {}) };
  data['bps_defined'] = {
    timestamp: collectionTimestamp(options.now ?? new Date()),
    ...(data['operator'] === undefined && !(isMapping(data['payload']) && data['payload']['operator'] !== undefined) ? { operator: safeUserName() } : {}),
    configDir: dirname(path),
  };
  const environment = resolveEnvironment(new BpsConfig(data, baseLookup, warn));
  const lookup = (name: string) => environment[name] ?? baseLookup(name);
  const config = new BpsConfig(data, lookup, warn);
  defineRunNames(config, data, cwd);
  return config;
}

/** gen3_workflow configs say `outCollection` where ctrl_bps now says `outputRun`: accept it, once noted. */
function applyOutCollectionAlias(data: ConfigNode, user: ConfigNode, cli: Readonly<Record<string, string>>, warn: (m: string) => void): void {
  const payload = isMapping(user['payload']) ? user['payload'] : {};
  const alias = payload['outCollection'] ?? user['outCollection'];
  if (alias === undefined) return;
  warn("'outCollection' is deprecated; bps-ts reads it as 'outputRun' (rename it to silence this).");
  const hasOutputRun = payload['outputRun'] !== undefined || user['outputRun'] !== undefined || cli['outputRun'] !== undefined;
  if (!hasOutputRun) data['payload'] = { ...(isMapping(data['payload']) ? data['payload'] : {}), outputRun: alias };
}

/** outputRun, uniqProcName, submitPath, qgraphFile: the names everything else is built from. */
function defineRunNames(config: BpsConfig, data: ConfigNode, cwd: string): void {
  const defined = data['bps_defined'] as ConfigNode;
  const outputRun = config.text('outputRun');
  if (outputRun === '') throw new ConfigError("Must specify the output run collection using 'outputRun' (or 'outCollection').");
  if (outputRun.startsWith('/') || outputRun.split('/').some((part) => part === '..' || part === '.' || part === '')) {
    throw new ConfigError(`outputRun '${outputRun}' is not a valid run collection name: it may not start with '/' or hold empty, '.' or '..' parts.`, {
      hint: 'Use a name like u/<you>/<payload>/<timestamp>.',
    });
  }
  defined['outputRun'] = outputRun;
  if (config.raw('uniqProcName') === undefined) defined['uniqProcName'] = outputRun.replace(/\//g, '_');
  defined['submitPath'] = resolve(cwd, config.text('submitPath', { required: true }));
  const userQgraph = config.raw('qgraphFile') !== undefined;
  defined['userQgraphFile'] = userQgraph;
  if (userQgraph) defined['qgraphFile'] = resolve(cwd, config.text('qgraphFile'));
  else defined['qgraphFile'] = join(defined['submitPath'] as string, config.text('qgraphFileTemplate'));
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? 'unknown';
  }
}
