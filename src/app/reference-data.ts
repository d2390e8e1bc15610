/** What docs/REFERENCE.md lists besides the commands: config keys, built-in sites, executors and their settings. */
import { BUILTIN_SITES, configKeys, SITE_KEYS, type ConfigKey } from '../config/index.js';

export type { ConfigKey } from '../config/index.js';
import { executorPlugins } from '../executors/registry.js';
import type { SettingField } from '../settings/fields.js';

export interface ReferenceData {
  readonly configKeys: readonly ConfigKey[];
  readonly siteKeys: readonly string[];
  readonly builtinSites: ReadonlyArray<{ readonly name: string; readonly settings: Readonly<Record<string, unknown>> }>;
  readonly executors: ReadonlyArray<{
    readonly name: string;
    readonly description: string;
    readonly settings: ReadonlyArray<{ readonly key: string; readonly meaning: string; readonly default: string | number | undefined }>;
  }>;
}

export function referenceData(): ReferenceData {
  return {
    configKeys,
    siteKeys: SITE_KEYS,
    builtinSites: Object.entries(BUILTIN_SITES).map(([name, settings]) => ({ name, settings })),
    executors: executorPlugins().map((plugin) => ({
      name: plugin.name,
      description: plugin.description,
      settings: Object.entries(plugin.settings as Record<string, SettingField<unknown>>).map(([key, field]) => ({ key, meaning: field.meaning, default: field.default })),
    })),
  };
}
