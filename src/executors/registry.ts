/**
 * The fixed map from a site's `executor:` name to its plug-in (no dynamic import of user strings). Adding
 * an executor is one folder under src/executors/ and one line here (docs/ARCHITECTURE.md).
 */
import { ConfigError } from '../errors.js';
import { allocationExecutor } from './allocation/plugin.js';
import { localExecutor } from './local/plugin.js';
import type { ExecutorPlugin } from './plugin.js';
import { slurmExecutor } from './slurm/plugin.js';

// eslint-style `any`: each plug-in has its own settings type; callers parse settings with the plug-in's own schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyExecutorPlugin = ExecutorPlugin<any>;

const EXECUTORS: ReadonlyMap<string, AnyExecutorPlugin> = new Map<string, AnyExecutorPlugin>([
  [localExecutor.name, localExecutor],
  [slurmExecutor.name, slurmExecutor],
  [allocationExecutor.name, allocationExecutor],
]);

/** Every registered executor, in registration order. */
export function executorPlugins(): AnyExecutorPlugin[] {
  return [...EXECUTORS.values()];
}

/** The executor called `name`; a ConfigError naming the registered ones otherwise. */
export function executorPlugin(name: string, where?: string): AnyExecutorPlugin {
  const plugin = EXECUTORS.get(name);
  if (plugin) return plugin;
  throw new ConfigError(`Unknown executor '${name}'${where ? ` (${where})` : ''}.`, {
    hint: `Registered executors: ${[...EXECUTORS.keys()].join(', ')}.`,
  });
}
