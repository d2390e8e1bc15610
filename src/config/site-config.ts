import { ConfigError } from '../errors.js';
import { executorPlugin, executorPlugins } from '../executors/registry.js';
import { parseSettings, schemaKeys } from '../settings/schema.js';
import { isMapping, type ConfigNode } from './config-node.js';
import { PARSL_CONFIGS } from './parsl-configs.js';
import type { ConfigResolver } from './resolver.js';
import { BUILTIN_SITES, chooseSite, SITE_KEYS, type SiteChoice } from './sites.js';
import { didYouMean } from './suggest.js';
import { stringifyValue } from './template.js';

/** Where jobs run: a site's name, its executor, and that executor's settings as its settings module parsed them. */
export interface SiteConfig {
  readonly name: string;
  readonly executor: string;
  readonly settings: Readonly<Record<string, unknown>>;
}

/**
 * The run's compute site: a built-in site with the user's `site.<name>` over it, its executor's settings
 * parsed by that executor's own settings module (executors/<name>/settings.ts). Unknown site names,
 * parslConfig names and executors, keys no one reads in a `site.<name>` block, and values of the wrong
 * type are ConfigErrors naming the key and the site.
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
      hint: `Known sites: ${known.join(', ')}.${didYouMean(choice.name, known)} Or define it under site.${choice.name} with an executor (${executorPlugins().map((p) => p.name).join(', ')}).`,
    });
  }
  const own = isMapping(user) ? user : {};
  const merged: ConfigNode = { ...BUILTIN_SITES[choice.name], ...choice.settings, ...own };
  const executorName = resolveSetting(config, merged['executor'] ?? 'local', `site.${choice.name}.executor`);
  const plugin = executorPlugin(String(executorName), config.describe(['site', choice.name, 'executor']));
  const settingKeys = schemaKeys(plugin.settings);
  checkSiteKeys(config, choice.name, own, { settingKeys, executor: plugin.name, configKeyNames });
  const raw: Record<string, unknown> = {};
  for (const key of settingKeys) if (key in merged) raw[key] = resolveSetting(config, merged[key], `site.${choice.name}.${key}`);
  const settings = parseSettings(plugin.settings, raw, {
    prefix: `site.${choice.name}`,
    where: (key) => config.describe(['site', choice.name, key]),
  });
  return Object.freeze({ name: choice.name, executor: plugin.name, settings });
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

/** A site value with `${ENV}` and `{var}` resolved (e.g. `account: ${NERSC_ACCOUNT}`); lists item by item. */
function resolveSetting(config: ConfigResolver, raw: unknown, key: string): unknown {
  if (typeof raw === 'string') return config.expand(raw, key);
  if (Array.isArray(raw)) return raw.map((item) => (typeof item === 'string' ? stringifyValue(config.expand(item, key)) : item));
  return raw;
}

/**
 * A site block may hold its executor's settings, the keys every site has (executor, class), config keys
 * looked up per site, and keys the user defined at the root or in payload (their own variables). Any other
 * key is refused: a typo there silently changes where jobs run. A setting of another executor is named so.
 */
function checkSiteKeys(config: ConfigResolver, name: string, own: ConfigNode, keys: { settingKeys: readonly string[]; executor: string; configKeyNames: ReadonlySet<string> }): void {
  const payload = isMapping(config.data['payload']) ? config.data['payload'] : {};
  const allowed = new Set<string>([...SITE_KEYS, ...keys.settingKeys, ...keys.configKeyNames, ...Object.keys(config.data), ...Object.keys(payload)]);
  for (const key of Object.keys(own)) {
    if (allowed.has(key)) continue;
    const other = executorPlugins().find((plugin) => schemaKeys(plugin.settings).includes(key));
    const where = config.describe(['site', name, key]);
    if (other) {
      throw new ConfigError(`site.${name}.${key} is a setting of executor '${other.name}', but site '${name}' uses executor '${keys.executor}' (${where}).`, {
        hint: `Remove it, or set executor: ${other.name} (${other.description}).`,
      });
    }
    throw new ConfigError(`Unknown key '${key}' in site.${name}.`, {
      hint: `Settings of executor '${keys.executor}': ${[...SITE_KEYS, ...keys.settingKeys].join(', ')}, or a config key looked up per site (requestMemory, runQuantumCommand, …).${didYouMean(key, [...allowed])} (${where})`,
    });
  }
}
