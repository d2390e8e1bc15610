import type { Logger } from '../../log/logger.js';
import type { SiteSettings } from '../types.js';
import { SlurmExecutor } from './slurm-executor.js';

/** Defaults for a login node at NERSC: a first look 5 s after a change, at most one squeue a minute when idle. */
const DEFAULT_MIN_POLL_SEC = 5;
const MAX_POLL_SEC = 60;

/**
 * A Slurm executor from a site's stored settings (site.<name> in the config, saved with the run so a
 * restart needs no config). `pollInterval` sets the shortest interval; the backoff ceiling is six times
 * that, at most a minute.
 */
export function createSlurmExecutor(site: SiteSettings, deps: { logger: Logger; run: { id: string; submitDir: string } }): SlurmExecutor {
  const options = site.options;
  const text = (key: string): string | undefined => (typeof options[key] === 'string' ? (options[key] as string) : undefined);
  const list = (key: string): string[] => (Array.isArray(options[key]) ? (options[key] as unknown[]).map(String) : []);
  const minPollSec = typeof options['pollInterval'] === 'number' ? options['pollInterval'] : DEFAULT_MIN_POLL_SEC;
  const slurmSite = {
    sbatchOptions: list('sbatchOptions'),
    schedulerOptions: list('scheduler_options'),
    ...Object.fromEntries(['partition', 'qos', 'constraint', 'account', 'reservation', 'walltime'].flatMap((key) => {
      const value = text(key);
      return value === undefined ? [] : [[key, value]];
    })),
  };
  return new SlurmExecutor({
    siteName: site.name,
    runId: deps.run.id,
    submitDir: deps.run.submitDir,
    site: slurmSite,
    ...(typeof options['maxQueued'] === 'number' ? { maxQueued: options['maxQueued'] } : {}),
    minPollMs: minPollSec * 1000,
    maxPollMs: Math.max(minPollSec, Math.min(MAX_POLL_SEC, minPollSec * 6)) * 1000,
    logger: deps.logger,
  });
}
