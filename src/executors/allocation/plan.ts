import type { PlanJobs, PlanModel, Schedule } from '../../model/plan.js';
import { parseSlurmDuration } from '../../slurm/duration.js';
import { DEFAULT_NODES, type AllocationSettings } from './settings.js';
import { defaultMargin } from './time-fit.js';

/**
 * Allocations for `bps plan`: `nodes` × cores per node, one allocation after another (the singleton
 * chain), each for `walltime` less the margin; a job starts only where it fits in what is left. Each
 * allocation is charged from its start until its last job ends (the driver hands an allocation back
 * when nothing more fits, and the batch system charges elapsed time). Cores per node: the site's
 * `cores_per_node`, else what `sinfo` says of the partition (`coresPerNode`).
 */
export function allocationPlan(settings: AllocationSettings, coresPerNode: number): PlanModel {
  const nodes = settings.nodes ?? DEFAULT_NODES;
  const limit = settings.walltime === undefined ? undefined : parseSlurmDuration(settings.walltime);
  const seconds = limit === undefined || !Number.isFinite(limit) ? Number.POSITIVE_INFINITY : limit;
  const marginSec = settings.walltimeMargin ?? defaultMargin(Number.isFinite(seconds) ? seconds : undefined);
  return {
    capacity: { window: { seconds, marginSec, nodes, coresPerNode } },
    submissions: (_jobs: PlanJobs, schedule: Schedule) => {
      // Jobs of unknown length still need one allocation to run in.
      const used = schedule.windows.filter((w, i) => w.end > w.start || i === 0);
      const nodeHours = used.reduce((sum, w) => sum + ((w.end - w.start) * nodes) / 3600, 0);
      return {
        lines: [{ what: 'allocations (sbatch calls)', count: used.length, note: `${nodes} node(s) × ${coresPerNode} cores, ${settings.walltime ?? 'no time limit'} each` }],
        allocations: { count: used.length, nodes, seconds, nodeHours },
      };
    },
  };
}
