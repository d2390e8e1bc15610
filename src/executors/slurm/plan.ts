import type { PlanJobs, PlanModel, Schedule } from '../../model/plan.js';
import { DEFAULT_POLL_SEC, type SlurmSettings } from './settings.js';

/** Tasks per job array (as submission.ts chunks them). */
const MAX_ARRAY_SIZE = 1000;

/**
 * One Slurm job per job, for `bps plan`. Each poll round submits the jobs that became ready since the
 * last one, one job array (one sbatch) per resource request (submission.ts): the expected sbatch calls
 * group the simulated ready times by the poll interval. How many jobs end within one round on the real
 * cluster shifts that count (never the number of Slurm jobs), so the plan gives the most it can be too.
 */
export function slurmPlan(settings: SlurmSettings): PlanModel {
  const poll = settings.pollInterval ?? DEFAULT_POLL_SEC;
  return {
    capacity: {},
    submissions: (jobs: PlanJobs, schedule: Schedule) => {
      const groups = new Map<string, number>();
      for (let j = 0; j < jobs.count; j += 1) {
        const round = Math.ceil((schedule.ready[j] as number) / poll);
        const key = `${round}|${jobs.cpus[j]}|${jobs.memoryMiB[j]}|${jobs.walltimeSec[j]}`;
        groups.set(key, (groups.get(key) ?? 0) + 1);
      }
      const calls = [...groups.values()].reduce((n, size) => n + Math.ceil(size / MAX_ARRAY_SIZE), 0);
      return {
        lines: [
          { what: 'Slurm jobs (array tasks)', count: jobs.count },
          { what: 'sbatch calls', count: calls, max: jobs.count, note: `one job array per resource request per ${poll}-s poll round` },
        ],
      };
    },
  };
}
