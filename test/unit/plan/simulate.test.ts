import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PlanJobs } from '../../../src/model/plan.js';
import { criticalPath } from '../../../src/plan/critical-path.js';
import { simulate } from '../../../src/plan/simulate.js';
import { allocationPlan } from '../../../src/executors/allocation/plan.js';
import { slurmPlan } from '../../../src/executors/slurm/plan.js';

/** Jobs with run times, cores and parents (lists of indices); memory 2048, no walltime. */
function jobsOf(specs: ReadonlyArray<{ s: number; cpus?: number; parents?: number[] }>): PlanJobs {
  const edges = specs.flatMap((spec, j) => (spec.parents ?? []).map((p) => [p, j] as const));
  return {
    count: specs.length,
    cpus: Uint16Array.from(specs.map((s) => s.cpus ?? 1)),
    memoryMiB: Float64Array.from(specs.map(() => 2048)),
    walltimeSec: Float64Array.from(specs.map(() => Number.NaN)),
    durationSec: Float64Array.from(specs.map((s) => s.s)),
    edgeFrom: Uint32Array.from(edges.map(([p]) => p)),
    edgeTo: Uint32Array.from(edges.map(([, c]) => c)),
  };
}

// init (1 s) → four 10-s jobs → a 5-s job.
const DIAMOND = jobsOf([{ s: 1 }, { s: 10, parents: [0] }, { s: 10, parents: [0] }, { s: 10, parents: [0] }, { s: 10, parents: [0] }, { s: 5, parents: [1, 2, 3, 4] }]);

test('a run on enough cores ends with its critical path; on two cores the four middle jobs take two turns', () => {
  assert.deepEqual(criticalPath(DIAMOND), { seconds: 16, jobs: 3 });
  const wide = simulate(DIAMOND, {});
  assert.equal(wide.makespanSec, 16);
  assert.equal(wide.peakRunning, 4);
  const narrow = simulate(DIAMOND, { cores: 2 });
  assert.equal(narrow.makespanSec, 26);
  assert.equal(narrow.peakRunning, 2);
  assert.deepEqual(Array.from(narrow.ready), [0, 1, 1, 1, 1, 21]);
  assert.deepEqual(Array.from(narrow.start), [0, 1, 1, 11, 11, 21]);
});

test('a job asking more cores than are free waits at the head; one asking more than all of them starts alone', () => {
  const big = jobsOf([{ s: 10, cpus: 2 }, { s: 10, cpus: 4 }, { s: 10, cpus: 1 }]);
  const schedule = simulate(big, { cores: 4 });
  assert.deepEqual(Array.from(schedule.start), [0, 10, 20]);
  const huge = simulate(jobsOf([{ s: 3, cpus: 8 }]), { cores: 4 });
  assert.equal(huge.makespanSec, 3);
});

test('inside allocations, a job starts only where it fits in what is left; then the next allocation starts', () => {
  // Allocations of 25 s with a 2-s margin, 2 cores: the 10-s jobs fit twice in each (0-10, 10-20), not a third time.
  const chain = jobsOf(Array.from({ length: 6 }, () => ({ s: 10 })));
  const schedule = simulate(chain, { window: { seconds: 25, marginSec: 2, nodes: 1, coresPerNode: 2 } });
  assert.deepEqual(schedule.windows, [{ start: 0, end: 20 }, { start: 20, end: 30 }]);
  assert.equal(schedule.makespanSec, 30);
  const plan = allocationPlan({ nodes: 1, walltime: '0:25', walltimeMargin: 2 }, 2).submissions(chain, schedule);
  assert.deepEqual(plan.allocations, { count: 2, nodes: 1, seconds: 25, nodeHours: 30 / 3600 });
});

test('Slurm: one Slurm job per job; one sbatch per resource request per poll round of ready jobs', () => {
  const schedule = simulate(DIAMOND, {});
  const plan = slurmPlan({ pollInterval: 5 }).submissions(DIAMOND, schedule);
  // Ready at 0 (init), at 1 (the four, one array), at 11 (the last): three rounds, one request each.
  assert.deepEqual(plan.lines.map((l) => [l.what, l.count, l.max]), [['Slurm jobs (array tasks)', 6, undefined], ['sbatch calls', 3, 6]]);
});
