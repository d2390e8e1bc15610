/** The executor of a run, made from the site stored with it: its settings are parsed again, not trusted. */
import { StateError } from '../errors.js';
import type { Executor } from '../executors/contract.js';
import { executorPlugin } from '../executors/registry.js';
import { parseSettings } from '../settings/schema.js';
import type { RunDatabase } from '../state/index.js';
import type { AppContext } from './context.js';

export async function executorForRun(db: RunDatabase, ctx: AppContext): Promise<Executor> {
  const run = db.runInfo();
  const site = db.site();
  let settings: unknown;
  let plugin;
  try {
    plugin = executorPlugin(site.executor, `the site stored with run '${run.name}'`);
    settings = parseSettings(plugin.settings, site.settings, { prefix: `site.${site.name}`, where: () => `stored in ${db.path}` });
  } catch (error) {
    throw new StateError(`Run '${run.name}' has a compute site this bps-ts cannot use: ${(error as Error).message}`, {
      hint: 'Was the run made by another bps-ts version? Restart it with the version that submitted it.',
      cause: error,
    });
  }
  return plugin.create(settings, { logger: ctx.logger, siteName: site.name, run: { id: run.id, submitDir: run.submitDir }, env: ctx.env });
}
