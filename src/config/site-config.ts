import { ConfigError } from '../errors.js';
import { executorPlugin, executorPlugins } from '../executors/registry.js';
import { parseSettings, schemaKeys } from '../settings/schema.js';
import { isMapping, type ConfigNode } from './config-node.js';
import { PARSL_CONFIGS, parslBlockSite, parslConfigSite } from './parsl-configs.js';
import { parslSiteClass, translateParslSite } from './parsl-site-classes.js';
import type { ConfigResolver } from './resolver.js';
import { BUILTIN_SITES, chooseSite, SITE_KEYS, type SiteChoice } from './sites.js';
import { foreignKeyGroup } from './foreign-keys.js';
import { didYouMean } from './suggest.js';
import { stringifyValue } from './template.js';

/** Where jobs run: a site's name, its executor, and that executor's settings as its settings module parsed them. */
export interface SiteConfig {
  readonly name: string;
  readonly executor: string;
  readonly settings: Readonly<Record<string, unknown>>;
  /** What a submission says at INFO about how the site was read (a ctrl_bps_parsl class mapped to an executor). */
  readonly notes?: readonly string[];
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
  if (!BUILTIN_SITES[choice.name] && !isMapping(user) && choice.source !== 'parsl_config') {
    const known = [...new Set([...Object.keys(BUILTIN_SITES), ...Object.keys(userSites)])];
    const parslConfig = config.text('parslConfig');
    const viaParsl = parslConfig ? parslConfigSite(parslConfig) : undefined;
    throw new ConfigError(`Unknown computeSite '${choice.name}'.`, {
      hint: viaParsl
        ? `Remove computeSite: parslConfig ${parslConfig} alone picks site '${viaParsl.site}' (known sites: ${known.join(', ')}).`
        : `Known sites: ${known.join(', ')}.${didYouMean(choice.name, known)} Or define it under site.${choice.name} with an executor (${executorPlugins().map((p) => p.name).join(', ')}).`,
    });
  }
  const parsl = parslSite(config, choice.name, isMapping(user) ? user : {});
  const own = parsl.block;
  const merged: ConfigNode = { ...BUILTIN_SITES[choice.name], ...choice.settings, ...own };
  const executorName = resolveSetting(config, merged['executor'] ?? parsl.executor ?? 'local', `site.${choice.name}.executor`);
  const plugin = executorPlugin(String(executorName), config.describe(['site', choice.name, 'executor']));
  const settingKeys = schemaKeys(plugin.settings);
  checkSiteKeys(config, choice.name, own, { settingKeys, executor: plugin.name, configKeyNames });
  const raw: Record<string, unknown> = {};
  for (const key of settingKeys) if (key in merged) raw[key] = resolveSetting(config, merged[key], `site.${choice.name}.${key}`);
  const settings = parseSettings(plugin.settings, raw, {
    prefix: `site.${choice.name}`,
    where: (key) => config.describe(['site', choice.name, key]),
  });
  const notes = [...parsl.notes, ...parslBlockNotes(config, choice, plugin.name)];
  return Object.freeze({ name: choice.name, executor: plugin.name, settings, ...(notes.length > 0 ? { notes } : {}) });
}

/** What a gen3_workflow `parsl_config:` block became (or that it was not used), and its keys that mean nothing here. */
function parslBlockNotes(config: ConfigResolver, choice: SiteChoice, executor: string): string[] {
  const block = config.data['parsl_config'];
  if (!isMapping(block)) return [];
  if (choice.source !== 'parsl_config') {
    config.warn(`parsl_config is not used: ${choice.source === 'parslConfig' ? 'parslConfig' : 'computeSite'} chooses the site ('${choice.name}'), as in gen3_workflow.`);
    return [];
  }
  const { ignored } = parslBlockSite(block);
  if (ignored.length > 0) config.warn(`parsl_config: ${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} Parsl's own (monitoring, checkpoints, workers), which bps-ts does not have: ignored.`);
  const described = ['executor', 'provider', 'max_threads', 'nodes_per_block'].filter((key) => block[key] !== undefined).map((key) => `${key} ${String(block[key])}`).join(', ');
  return [`parsl_config (${described || 'its defaults'}) runs here as site '${choice.name}' (executor: ${executor}).`];
}

/**
 * A site block written for ctrl_bps_parsl (`class:` and no `executor:`): the executor its class stands
 * for, said in a note, its Parsl-only keys dropped with a warning naming them (parsl-site-classes.ts).
 */
function parslSite(config: ConfigResolver, name: string, own: ConfigNode): { block: ConfigNode; executor?: string; notes: string[] } {
  const className = own['class'];
  if (typeof className !== 'string' || own['executor'] !== undefined) return { block: own, notes: [] };
  const mapped = parslSiteClass(className, name);
  if (!mapped) return { block: own, notes: [] };
  const { block, dropped } = mapped.executor === 'allocation' ? translateParslSite(own) : { block: own, dropped: [] };
  if (dropped.length > 0) {
    config.warn(`site.${name}: ${dropped.join(', ')} ${dropped.length === 1 ? 'sizes' : 'size'} Parsl's own blocks and workers, which bps-ts does not have: ignored (each allocation is nodes × cores_per_node, each job placed by its own request).`);
  }
  return { block: block as ConfigNode, executor: mapped.executor, notes: [`site.${name} (${className}) runs here as ${mapped.becomes}.`] };
}

/** The site choice of a config (see {@link chooseSite}); undefined for an unknown parslConfig. */
export function findSiteChoice(config: ConfigResolver): SiteChoice | undefined {
  const computeSite = config.search('computeSite');
  if (computeSite !== undefined && computeSite !== null && typeof computeSite !== 'string') {
    const hit = config.locate('computeSite');
    throw new ConfigError(`computeSite must be a site name, not a ${Array.isArray(computeSite) ? 'list' : typeof computeSite === 'object' ? 'mapping' : typeof computeSite}${hit ? ` (${config.describe(hit.path)})` : ''}.`, {
      hint: 'Write computeSite: <name>, with the site\'s settings under site.<name> at the top level (a misindented site block lands under computeSite).',
    });
  }
  const block = config.data['parsl_config'];
  return chooseSite(config.text('computeSite') || undefined, config.text('parslConfig') || undefined, isMapping(block) ? block : undefined);
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
    const foreign = foreignKeyGroup(key);
    if (foreign) {
      throw new ConfigError(`site.${name}.${key} has no effect in bps-ts (${where}): ${foreign.instead}.`, {
        hint: `Remove it, and give site.${name} an executor (${executorPlugins().map((p) => p.name).join(', ')}) with that executor's settings.`,
      });
    }
    throw new ConfigError(`Unknown key '${key}' in site.${name}.`, {
      hint: `Settings of executor '${keys.executor}': ${[...SITE_KEYS, ...keys.settingKeys].join(', ')}, or a config key looked up per site (requestMemory, runQuantumCommand, …).${didYouMean(key, [...allowed])} (${where})`,
    });
  }
}
