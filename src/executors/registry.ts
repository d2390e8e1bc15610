import { ExecutorError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Executor, SiteSettings } from './types.js';

/**
 * The fixed map from a site's `executor` to its implementation (no dynamic import of user strings).
 * Executors load lazily, so `bps status` never pays for them.
 */
export async function createExecutorForSite(site: SiteSettings, _deps: { logger: Logger }): Promise<Executor> {
  if (site.executor === 'local') {
    const { createLocalExecutor } = await import('./local/local-executor.js');
    return createLocalExecutor({
      ...(site.maxJobs === undefined ? {} : { slots: site.maxJobs }),
      ...(site.cores === undefined ? {} : { cores: site.cores }),
      ...(site.memoryMiB === undefined ? {} : { memoryMiB: site.memoryMiB }),
    });
  }
  throw new ExecutorError(`The ${site.executor} executor of compute site '${site.name}' is not available in this version of bps-ts.`, {
    hint: 'Use a local compute site (computeSite: local) for now.',
  });
}
