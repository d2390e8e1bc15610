import type { Logger } from '../log/logger.js';
import type { Executor, SiteSettings } from './types.js';

/** The run an executor works for: Slurm names its jobs after the run and writes scripts into its folder. */
export interface ExecutorRun {
  readonly id: string;
  readonly submitDir: string;
}

/**
 * The fixed map from a site's `executor` to its implementation (no dynamic import of user strings).
 * Executors load lazily, so `bps status` never pays for them.
 */
export async function createExecutorForSite(site: SiteSettings, deps: { logger: Logger; run: ExecutorRun }): Promise<Executor> {
  if (site.executor === 'slurm') {
    const { createSlurmExecutor } = await import('./slurm/create.js');
    return createSlurmExecutor(site, deps);
  }
  const { createLocalExecutor } = await import('./local/local-executor.js');
  return createLocalExecutor({
    ...(site.maxJobs === undefined ? {} : { slots: site.maxJobs }),
    ...(site.cores === undefined ? {} : { cores: site.cores }),
    ...(site.memoryMiB === undefined ? {} : { memoryMiB: site.memoryMiB }),
  });
}
