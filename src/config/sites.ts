import { cpus, totalmem } from 'node:os';
import { ConfigError } from '../errors.js';
import type { SiteSettings } from '../executors/types.js';
import { isMapping, type ConfigNode } from './yaml-file.js';

/** A compute site: where jobs run and with what executor settings. */
export type SiteConfig = SiteSettings;

/**
 * Keys a `site.<name>` block may hold. A typo there silently changes where jobs run, so anything else is
 * an error. Names follow ctrl_bps_parsl's Slurm sites where the meaning is the same, Slurm's otherwise.
 */
export const SITE_KEYS = [
  'executor', 'maxJobs', 'cores', 'memory', 'class',
  'qos', 'constraint', 'account', 'walltime', 'nodes', 'cores_per_node', 'mem_per_node', 'scheduler_options',
  'partition', 'reservation', 'maxQueued', 'pollInterval', 'sbatchOptions',
  // Keys the search order looks up under site.<name> for jobs (BPS-CONFIG.md).
  'runQuantumCommand', 'requestCpus', 'requestMemory', 'requestWalltime', 'requestDisk', 'numberOfRetries', 'retryUnlessExit', 'memoryMultiplier', 'memoryLimit', 'environment',
] as const;

/** Built-in sites, overridable key by key from the user's `site.<name>`. Cori retired in 2023; Perlmutter is current. */
export const BUILTIN_SITES: Readonly<Record<string, ConfigNode>> = {
  local: { executor: 'local' },
  nersc_haswell_debug: { executor: 'slurm', qos: 'debug', constraint: 'haswell', walltime: '00:30:00' },
  nersc_knl: { executor: 'slurm', qos: 'regular', constraint: 'knl' },
  nersc_perlmutter_cpu: { executor: 'slurm', qos: 'regular', constraint: 'cpu' },
  nersc_perlmutter_debug: { executor: 'slurm', qos: 'debug', constraint: 'cpu', walltime: '00:30:00' },
};

/** gen3_workflow's `parslConfig` module names (last component) → a site and its overrides. */
const PARSL_CONFIGS: Readonly<Record<string, { site: string; overrides: ConfigNode }>> = {
  thread_pool_config_4: { site: 'local', overrides: { maxJobs: 4 } },
  threaded_pool_config_4: { site: 'local', overrides: { maxJobs: 4 } },
  thread_pool_config_32: { site: 'local', overrides: { maxJobs: 32 } },
  threaded_pool_config_32: { site: 'local', overrides: { maxJobs: 32 } },
  ht_debug_config: { site: 'nersc_haswell_debug', overrides: {} },
  knl_htx_config: { site: 'nersc_knl', overrides: {} },
};

/**
 * Resolves the compute site: `computeSite` given explicitly (command line or user config) wins;
 * else a recognised `parslConfig`; else the default `local`.
 */
export function resolveSite(options: { computeSite: string | undefined; explicit: boolean; parslConfig: string | undefined; userSites: unknown }): SiteConfig {
  let name = options.computeSite ?? 'local';
  let overrides: ConfigNode = {};
  if (!options.explicit && options.parslConfig) {
    const last = options.parslConfig.split('.').pop() ?? '';
    const mapped = PARSL_CONFIGS[last];
    if (!mapped) {
      throw new ConfigError(`Unknown parslConfig '${options.parslConfig}'.`, {
        hint: `bps-ts knows ${Object.keys(PARSL_CONFIGS).join(', ')}; or set computeSite to one of ${Object.keys(BUILTIN_SITES).join(', ')}.`,
      });
    }
    name = mapped.site;
    overrides = mapped.overrides;
  }
  const userSites = isMapping(options.userSites) ? options.userSites : {};
  const user = userSites[name];
  if (!BUILTIN_SITES[name] && !isMapping(user)) {
    const known = [...new Set([...Object.keys(BUILTIN_SITES), ...Object.keys(userSites)])];
    throw new ConfigError(`Unknown computeSite '${name}'.`, { hint: `Known sites: ${known.join(', ')}; define others under site.${name}.` });
  }
  const settings: ConfigNode = { ...BUILTIN_SITES[name], ...overrides, ...(isMapping(user) ? user : {}) };
  return toSiteConfig(name, settings);
}

function toSiteConfig(name: string, settings: ConfigNode): SiteConfig {
  for (const key of Object.keys(settings)) {
    if (!(SITE_KEYS as readonly string[]).includes(key)) {
      throw new ConfigError(`Unknown key '${key}' in site.${name}.`, { hint: `Valid keys: ${SITE_KEYS.join(', ')}.` });
    }
  }
  const executor = settings['executor'] ?? 'local';
  if (executor !== 'local' && executor !== 'slurm') throw new ConfigError(`site.${name}.executor must be 'local' or 'slurm', not '${String(executor)}'.`);
  const maxJobs = positiveInt(settings['maxJobs'], `site.${name}.maxJobs`) ?? (executor === 'local' ? cpus().length : undefined);
  const cores = positiveInt(settings['cores'], `site.${name}.cores`);
  const memoryMiB = positiveInt(settings['memory'], `site.${name}.memory`) ?? (executor === 'local' ? Math.floor(totalmem() / 1048576) : undefined);
  const { executor: _e, maxJobs: _m, cores: _c, memory: _mem, ...options } = settings;
  return { name, executor, ...(maxJobs === undefined ? {} : { maxJobs }), ...(cores === undefined ? {} : { cores }), ...(memoryMiB === undefined ? {} : { memoryMiB }), options };
}

function positiveInt(value: unknown, key: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) throw new ConfigError(`${key} must be a positive integer, not ${JSON.stringify(value)}.`);
  return value;
}
