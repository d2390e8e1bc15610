import { ConfigError } from '../errors.js';
import { isMapping, type ConfigNode } from './config-node.js';
import { PARSL_CONFIGS } from './parsl-configs.js';
import type { ConfigResolver } from './resolver.js';
import { readSiteSettings } from './site-settings.js';
import { BUILTIN_SITES, chooseSite, SITE_SETTING_KEYS, type SiteChoice } from './sites.js';
import { didYouMean } from './suggest.js';

/** Where jobs run and with what executor settings: a built-in site with the user's `site.<name>` over it. */
export interface SiteConfig {
  readonly name: string;
  readonly executor: 'local' | 'slurm';
  /** Jobs running at once (local: process slots). Unset: the executor decides (local: the number of cores). */
  readonly maxJobs?: number;
  /** Local: cores handed out to jobs' requestCpus. Unset: the executor decides. */
  readonly cores?: number;
  /** Local: memory (MiB) handed out to jobs' requestMemory; from the site's `memory` key. Unset: the executor decides. */
  readonly memoryMiB?: number;
  /** Slurm `--partition`. */
  readonly partition?: string;
  /** Slurm `--qos` (NERSC: regular, debug…). */
  readonly qos?: string;
  /** Slurm `--constraint` (NERSC: cpu, knl, haswell). */
  readonly constraint?: string;
  /** Slurm `--account`. */
  readonly account?: string;
  /** Slurm `--reservation`. */
  readonly reservation?: string;
  /** Slurm `--time` for every job, in Slurm's format (`00:30:00`, `1-00:00:00`, minutes); jobs' requestWalltime beats it. */
  readonly walltime?: string;
  /** Slurm `--nodes` (ctrl_bps_parsl's name). */
  readonly nodes?: number;
  /** Cores per node (ctrl_bps_parsl's name). */
  readonly cores_per_node?: number;
  /** Memory per node in GB (ctrl_bps_parsl's name and unit). */
  readonly mem_per_node?: number;
  /** Slurm: at most this many jobs queued or running at once. @default 500 */
  readonly maxQueued: number;
  /** Slurm: seconds between status polls; unset = the executor's backoff. */
  readonly pollInterval?: number;
  /** Extra `sbatch` arguments, one word each. @default [] */
  readonly sbatchOptions: readonly string[];
  /** Extra `#SBATCH` lines for each job script (ctrl_bps_parsl's name). @default [] */
  readonly scheduler_options: readonly string[];
}

/**
 * The run's compute site, type-checked: unknown site names and parslConfig names, unknown keys in a
 * `site.<name>` block and values of the wrong type are ConfigErrors naming the key and the site.
 * `configKeyNames` are the keys a site block may also hold because the search order reads them there.
 */
export function computeSiteConfig(config: ConfigResolver, configKeyNames: ReadonlySet<string>): SiteConfig {
  const choice = siteChoice(config);
  const userSites = siteSection(config);
  const user = userSites[choice.name];
  if (user !== undefined && user !== null && !isMapping(user)) {
    throw new ConfigError(`site.${choice.name} must be a mapping of site settings, not ${JSON.stringify(user)} (${config.describe(['site', choice.name])}).`);
  }
  if (!BUILTIN_SITES[choice.name] && !isMapping(user)) {
    const known = [...new Set([...Object.keys(BUILTIN_SITES), ...Object.keys(userSites)])];
    throw new ConfigError(`Unknown computeSite '${choice.name}'.`, {
      hint: `Known sites: ${known.join(', ')}.${didYouMean(choice.name, known)} Or define it under site.${choice.name} with executor: local or slurm.`,
    });
  }
  const own = isMapping(user) ? user : {};
  checkSiteKeys(config, choice.name, own, configKeyNames);
  const settings: ConfigNode = { ...BUILTIN_SITES[choice.name], ...choice.settings };
  for (const key of SITE_SETTING_KEYS) if (key in own) settings[key] = own[key];
  return readSiteSettings(config, choice.name, settings);
}

/** The site choice of a config (see {@link chooseSite}); undefined for an unknown parslConfig. */
export function findSiteChoice(config: ConfigResolver): SiteChoice | undefined {
  const userSites = siteSection(config);
  const isKnown = (name: string) => BUILTIN_SITES[name] !== undefined || isMapping(userSites[name]);
  return chooseSite(config.text('computeSite') || undefined, config.text('parslConfig') || undefined, isKnown);
}

/** {@link findSiteChoice}, throwing for an unknown parslConfig. */
export function siteChoice(config: ConfigResolver): SiteChoice {
  const choice = findSiteChoice(config);
  if (choice) return choice;
  const parslConfig = config.text('parslConfig');
  const hit = config.locate('parslConfig');
  throw new ConfigError(`Unknown parslConfig '${parslConfig}'${hit ? ` (${config.describe(hit.path)})` : ''}.`, {
    hint: `bps-ts knows ${Object.keys(PARSL_CONFIGS).join(', ')} (with any package prefix); or set computeSite to one of ${Object.keys(BUILTIN_SITES).join(', ')}.`,
  });
}

function siteSection(config: ConfigResolver): ConfigNode {
  const section = config.data['site'];
  if (section === undefined || section === null) return {};
  if (!isMapping(section)) throw new ConfigError(`'site' must be a mapping of site names to settings, not ${JSON.stringify(section)}.`, { hint: 'Write site: {<name>: {executor: local, ...}}.' });
  return section;
}

/** Site settings, config keys, and keys the user defined at the root or in payload (their own variables). */
function checkSiteKeys(config: ConfigResolver, name: string, own: ConfigNode, configKeyNames: ReadonlySet<string>): void {
  const payload = isMapping(config.data['payload']) ? config.data['payload'] : {};
  const allowed = new Set<string>([...SITE_SETTING_KEYS, ...configKeyNames, ...Object.keys(config.data), ...Object.keys(payload)]);
  for (const key of Object.keys(own)) {
    if (allowed.has(key)) continue;
    throw new ConfigError(`Unknown key '${key}' in site.${name}.`, {
      hint: `Valid keys: ${SITE_SETTING_KEYS.join(', ')}, or a config key looked up per site (requestMemory, runQuantumCommand, …).${didYouMean(key, [...allowed])} (${config.describe(['site', name, key])})`,
    });
  }
}
