/**
 * The config layer: loads a bps YAML (shipped defaults ← user file with includes ← command line), looks
 * keys up with ctrl_bps's search order and `{var}` / `${ENV}` rules, and hands out typed settings.
 * See docs/CONFIG.md.
 */
export { BpsConfig } from './bps-config.js';
export { configKeys, CONFIG_KEY_NAMES, type ConfigKey } from './config-keys.js';
export { type ConfigNode, isMapping } from './config-node.js';
export { defaultsPath } from './defaults-file.js';
export { expandEnvVars, type EnvLookup } from './env-vars.js';
export { type FinalJobSettings } from './final-job.js';
export { formatWithSpec } from './format-spec.js';
export { labelSearchOptions, type JobSettings } from './job-settings.js';
export { loadBpsConfig, type LoadOptions } from './load.js';
export { PARSL_CONFIGS, parslConfigSite } from './parsl-configs.js';
export { type PayloadSettings } from './payload.js';
export { type SearchOptions } from './resolver.js';
export { collectionTimestamp, type RunNames } from './run-names.js';
export { SEARCH_ORDER } from './search-order.js';
export { type SiteConfig } from './site-config.js';
export { BUILTIN_SITES, DEFAULT_SITE, SITE_KEYS } from './sites.js';
