/** The executor of a run, made from the site stored with it: its settings are parsed again, not trusted. */
import { StateError } from '../errors.js';
import type { Executor } from '../executors/contract.js';
import type { BatchDriverContext } from '../executors/plugin.js';
import { executorPlugin, type AnyExecutorPlugin } from '../executors/registry.js';
import { parseSettings } from '../settings/schema.js';
import type { RunDatabase } from '../state/index.js';
import type { AppContext } from './context.js';

/** A run's stored site with its executor's plug-in and its settings parsed again by that plug-in. */
export interface RunSite {
  readonly name: string;
  readonly plugin: AnyExecutorPlugin;
  readonly settings: unknown;
}

/** The run's stored site, its plug-in, and its settings parsed again (a StateError when this bps-ts cannot use it). */
export function runSite(db: RunDatabase): RunSite {
  const run = db.runInfo();
  const site = db.site();
  try {
    const plugin = executorPlugin(site.executor, `the site stored with run '${run.name}'`);
    const settings = parseSettings(plugin.settings, site.settings, { prefix: `site.${site.name}`, where: () => `stored in ${db.path}` });
    return { name: site.name, plugin, settings };
  } catch (error) {
    throw new StateError(`Run '${run.name}' has a compute site this bps-ts cannot use: ${(error as Error).message}`, {
      hint: 'Was the run made by another bps-ts version? Restart it with the version that submitted it.',
      cause: error,
    });
  }
}

/** The executor of a run, made by its site's plug-in. */
export async function executorForRun(db: RunDatabase, ctx: AppContext): Promise<Executor> {
  const run = db.runInfo();
  const { name, plugin, settings } = runSite(db);
  return plugin.create(settings, { logger: ctx.logger, siteName: name, run: { id: run.id, submitDir: run.submitDir }, env: ctx.env });
}

/** What a site's batch driver (executors/plugin.ts BatchDriver) is given to act for this run. */
export function batchDriverContext(run: { readonly id: string; readonly submitDir: string }, site: RunSite, ctx: AppContext): BatchDriverContext {
  return { logger: ctx.logger, siteName: site.name, run: { id: run.id, submitDir: run.submitDir }, env: ctx.env };
}
