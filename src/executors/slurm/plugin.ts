/** `executor: slurm`: one batch job (or job-array task) per job, docs/SLURM.md. */
import type { ExecutorPlugin } from '../plugin.js';
import { pingSlurm } from '../../slurm/ping.js';
import { DEFAULT_MAX_QUEUED, DEFAULT_POLL_SEC, SLURM_SETTINGS, type SlurmSettings } from './settings.js';

/** The backoff ceiling: six times the shortest interval, at most a minute. */
const MAX_POLL_SEC = 60;

export const slurmExecutor: ExecutorPlugin<SlurmSettings> = {
  name: 'slurm',
  description: 'one sbatch per job, job arrays for jobs ready together',
  settings: SLURM_SETTINGS,
  async create(settings, deps) {
    const { SlurmExecutor } = await import('./slurm-executor.js');
    const minPollSec = settings.pollInterval ?? DEFAULT_POLL_SEC;
    return new SlurmExecutor({
      siteName: deps.siteName,
      runId: deps.run.id,
      submitDir: deps.run.submitDir,
      settings,
      maxQueued: settings.maxQueued ?? DEFAULT_MAX_QUEUED,
      pace: { minMs: minPollSec * 1000, maxMs: Math.max(minPollSec, Math.min(MAX_POLL_SEC, minPollSec * 6)) * 1000 },
      logger: deps.logger,
      env: deps.env,
    });
  },
  ping: (settings, deps) => pingSlurm(settings, deps.env, deps.probe),
  plan: async (settings) => (await import('./plan.js')).slurmPlan(settings),
};
