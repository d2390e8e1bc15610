import { buildCsr } from '../model/csr.js';
import type { PlanJobs } from '../model/plan.js';

/**
 * The longest chain of jobs by assumed run time (jobs are indexed parents first), and how many jobs it
 * has: no schedule can end sooner, whatever the cores.
 */
export function criticalPath(jobs: PlanJobs): { seconds: number; jobs: number } {
  const parents = buildCsr(jobs.count, jobs.edgeTo, jobs.edgeFrom);
  const finish = new Float64Array(jobs.count);
  const length = new Uint32Array(jobs.count);
  let best = { seconds: 0, jobs: 0 };
  for (let j = 0; j < jobs.count; j += 1) {
    let before = 0;
    let chain = 0;
    for (let e = parents.start[j] as number; e < (parents.start[j + 1] as number); e += 1) {
      const p = parents.list[e] as number;
      if ((finish[p] as number) > before || ((finish[p] as number) === before && (length[p] as number) > chain)) (before = finish[p] as number, chain = length[p] as number);
    }
    const own = jobs.durationSec[j] as number;
    finish[j] = before + (Number.isNaN(own) ? 0 : own);
    length[j] = chain + 1;
    if ((finish[j] as number) > best.seconds || ((finish[j] as number) === best.seconds && (length[j] as number) > best.jobs)) best = { seconds: finish[j] as number, jobs: length[j] as number };
  }
  return best;
}
