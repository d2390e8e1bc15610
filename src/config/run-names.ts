import { userInfo } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { ConfigResolver, SearchOptions } from './resolver.js';

/** The names a run is built from, fixed once at load (ctrl_bps's `bps_defined` values and friends). */
export interface RunNames {
  /** UTC `YYYYMMDDTHHMMSSZ` of the load, as pipe_base's makeCollectionTimestamp. */
  readonly timestamp: string;
  /** `operator` as set, else the login name. */
  readonly operator: string;
  readonly outputRun: string;
  /** `outputRun` with `/` → `_` unless set: names the files in the run folder. */
  readonly uniqProcName: string;
  /** The run folder, absolute. */
  readonly submitPath: string;
  /** The QuantumGraph file, absolute: the user's, or `{submitPath}/{qgraphFileTemplate}`. */
  readonly qgraphFile: string;
  /** True when the user gave `qgraphFile` (or `-g`): that graph is used and createQuantumGraph is skipped. */
  readonly userQgraphFile: boolean;
  /** The dot export of the graph, absolute. */
  readonly qgraphDotFile: string;
  /** bps-ts: the absolute folder of the user's config file. */
  readonly configDir: string;
  /** The effective compute site (computeSite, else a recognised parslConfig, else local); undefined if parslConfig is unknown. */
  readonly computeSite: string | undefined;
}

/** `YYYYMMDDTHHMMSSZ` in UTC, as pipe_base's `Instrument.makeCollectionTimestamp`. */
export function collectionTimestamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * The login name as ctrl_bps finds it (Python's `getpass.getuser()`): the first of LOGNAME, USER, LNAME
 * and USERNAME that is set and not empty, then the password database (a batch job or `sudo -u` may
 * carry another user's environment, and getuser trusts the environment first).
 */
export function loginName(env: (name: string) => string | undefined): string {
  for (const name of ['LOGNAME', 'USER', 'LNAME', 'USERNAME']) {
    const value = env(name);
    if (value) return value;
  }
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

// A hole in a run name is a bug, never a wish: undefined {var}s there are errors, not warnings.
const STRICT: SearchOptions = { undefinedVars: 'error' };

/** outputRun, resolved and checked: it names a folder under the submit root, so it may not escape it. */
export function resolveOutputRun(config: ConfigResolver): string {
  const outputRun = config.text('outputRun', STRICT);
  if (outputRun.trim() === '') {
    throw new ConfigError("Must specify the output run collection using 'outputRun'.", { hint: 'Set payload.outputRun (or payload.output and payloadName), or pass --output-run.' });
  }
  if (outputRun.startsWith('/') || outputRun.split('/').some((part) => part === '..' || part === '.' || part === '')) {
    const hit = config.locate('outputRun');
    throw new ConfigError(`outputRun '${outputRun}' is not a valid run collection name: it may not start with '/' or hold empty, '.' or '..' parts (${hit ? config.describe(hit.path) : 'outputRun'}).`, {
      hint: 'Use a name like u/<you>/<payload>/<timestamp>.',
    });
  }
  return outputRun;
}

/** uniqProcName as set, else outputRun with `/` → `_`. */
export function resolveUniqProcName(config: ConfigResolver, outputRun: string): string {
  return config.has('uniqProcName') ? config.text('uniqProcName', STRICT) : outputRun.replace(/\//g, '_');
}

/** A path-valued key, resolved strictly and made absolute against the working directory. */
export function resolvePath(config: ConfigResolver, key: string, cwd: string): string {
  const value = config.text(key, STRICT);
  if (value.trim() === '') {
    const what = key === 'submitPath' ? "Must specify the submit-side run directory using 'submitPath'." : `'${key}' is empty.`;
    throw new ConfigError(what, { hint: `Set ${key}; the default is in etc/bps_defaults.yaml.` });
  }
  return isAbsolute(value) ? value : resolve(cwd, value);
}

/** The user's qgraphFile (absolute), or the one bps-ts builds: `{submitPath}/{qgraphFileTemplate}`. */
export function resolveQgraphFile(config: ConfigResolver, submitPath: string, cwd: string): { qgraphFile: string; userQgraphFile: boolean } {
  if (config.has('qgraphFile') && config.text('qgraphFile', STRICT).trim() !== '') return { qgraphFile: resolvePath(config, 'qgraphFile', cwd), userQgraphFile: true };
  return { qgraphFile: join(submitPath, config.text('qgraphFileTemplate', STRICT)), userQgraphFile: false };
}
