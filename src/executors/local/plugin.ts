/** `executor: local`: jobs as processes on this machine, under a p-queue pool that respects cores and memory. */
import type { ExecutorPlugin } from '../plugin.js';
import { LOCAL_SETTINGS, type LocalSettings } from './settings.js';

export const localExecutor: ExecutorPlugin<LocalSettings> = {
  name: 'local',
  description: 'processes on this machine',
  settings: LOCAL_SETTINGS,
  async create(settings, deps) {
    // Loaded on use, so `bps status` never pays for an executor.
    const { LocalExecutor } = await import('./local-executor.js');
    return new LocalExecutor({
      siteName: deps.siteName,
      ...(settings.maxJobs === undefined ? {} : { slots: settings.maxJobs }),
      ...(settings.cores === undefined ? {} : { cores: settings.cores }),
      ...(settings.memory === undefined ? {} : { memoryMiB: settings.memory }),
      ...(settings.enforceMemory === undefined ? {} : { enforceMemory: settings.enforceMemory }),
    });
  },
  plan: async (settings) => (await import('./plan.js')).localPlan(settings),
};
