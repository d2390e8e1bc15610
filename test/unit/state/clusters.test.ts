import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { createRunState } from '../../../src/state/create-run.js';
import { openReadOnly, openRunState } from '../../../src/state/run-db.js';
import { JobState } from '../../../src/model/job-state.js';
import type { JobInit, RunStateInit } from '../../../src/state/types.js';
import { makeLabelSpec } from '../../support/workflows.js';
import { closeAfter, smallRun, tempDir } from './fixtures.js';

/**
 * A clustered run: init; two visit_detector clusters (isr + calibrate, one quantum each), one of them
 * with a wall time; a coadd cluster of one task with three quanta; final.
 */
function clusteredRun(dir: string): RunStateInit {
  const base = smallRun(dir);
  const jobs: JobInit[] = [
    { name: 'pipetaskInit', label: 'pipetaskInit', quanta: '', dataId: null, memoryMiB: 2048, tasks: [] },
    { name: 'vd_1_10', label: 'visit_detector', quanta: 'q1,q2', dataId: { visit: 1, detector: 10 }, memoryMiB: 4096, walltimeSec: 900, tasks: [['isr', 1], ['calibrate', 1]] },
    { name: 'vd_1_11', label: 'visit_detector', quanta: 'q3,q4', dataId: { visit: 1, detector: 11 }, memoryMiB: 4096, tasks: [['isr', 1], ['calibrate', 1]] },
    { name: 'coadd_1', label: 'coadd', quanta: 'q5,q6,q7', dataId: { tract: 1 }, memoryMiB: 8192, tasks: [['assembleCoadd', 3]] },
    { name: 'finalJob', label: 'finalJob', quanta: '', dataId: null, memoryMiB: 2048, tasks: [] },
  ];
  return {
    ...base,
    labels: [
      { label: 'pipetaskInit', kind: 'init', spec: makeLabelSpec('pipetaskInit', { kind: 'init' }) },
      { label: 'visit_detector', kind: 'payload', spec: makeLabelSpec('visit_detector') },
      { label: 'coadd', kind: 'payload', spec: makeLabelSpec('coadd') },
      { label: 'finalJob', kind: 'final' },
    ],
    tasks: ['isr', 'calibrate', 'assembleCoadd'],
    jobs,
    edges: { from: Uint32Array.from([0, 0, 1, 2]), to: Uint32Array.from([1, 2, 3, 3]) },
  };
}

test('a clustered run: quanta per task label counted in their jobs\' states, through rounds, and checked', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'bps.sqlite');
  createRunState(path, clusteredRun(dir));
  const db = openRunState(path);
  closeAfter(t, () => db.close());
  const counts = () => Object.fromEntries(db.taskCounts().map((c) => [c.label, `${c.counts.UNREADY}u ${c.counts.RUNNING}r ${c.counts.SUCCEEDED}s ${c.counts.FAILED}f/${c.total}`]));
  assert.deepEqual(db.tasks(), ['isr', 'calibrate', 'assembleCoadd']);
  assert.deepEqual(counts(), { isr: '2u 0r 0s 0f/2', calibrate: '2u 0r 0s 0f/2', assembleCoadd: '3u 0r 0s 0f/3' });

  db.applyRound({ transitions: [{ job: 1, state: JobState.RUNNING, attempt: 1, memoryMiB: 4096, handle: null, at: 1 }, { job: 3, state: JobState.RUNNING, attempt: 1, memoryMiB: 8192, handle: null, at: 1 }] });
  assert.deepEqual(counts(), { isr: '1u 1r 0s 0f/2', calibrate: '1u 1r 0s 0f/2', assembleCoadd: '0u 3r 0s 0f/3' });
  db.applyRound({ transitions: [{ job: 1, state: JobState.SUCCEEDED, handle: null, at: 2 }, { job: 3, state: JobState.FAILED, handle: null, at: 2 }] });
  assert.deepEqual(counts(), { isr: '1u 0r 1s 0f/2', calibrate: '1u 0r 1s 0f/2', assembleCoadd: '0u 0r 0s 3f/3' });
  assert.deepEqual(db.integrityCheck(), []);

  // A task label finds the clusters that hold it; a job's own wall time request is kept for its launch.
  assert.deepEqual(db.jobsByTask('calibrate').map((j) => j.name), ['vd_1_10', 'vd_1_11']);
  assert.deepEqual(db.jobsByTask('assembleCoadd', { states: ['FAILED'] }).map((j) => j.name), ['coadd_1']);
  assert.deepEqual(db.jobsByTask('nope'), []);
  assert.equal(db.launchRecord(2)?.walltimeSec, 900);
  assert.equal(db.launchRecord(3)?.walltimeSec, null);

  const raw = new Database(path);
  raw.prepare('UPDATE task_counts SET count = count + 2 WHERE task_idx = 2 AND state = ?').run(JobState.FAILED);
  raw.close();
  assert.match(db.integrityCheck().join('\n'), /task_counts says task 2 has 5 FAILED quanta, the jobs table 3/);
});

test('a job naming a task label the run does not have is refused before anything is published', (t) => {
  const dir = tempDir(t);
  const run = clusteredRun(dir);
  const jobs = [...(run.jobs as JobInit[])];
  jobs[3] = { ...(jobs[3] as JobInit), tasks: [['makeWarp', 3]] };
  assert.throws(() => createRunState(join(dir, 'bps.sqlite'), { ...run, jobs }), /Job coadd_1 holds quanta of task label 'makeWarp', which is not among the run's task labels/);
});

test('an unclustered run: each payload label is its own task label, one quantum per job', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'bps.sqlite');
  createRunState(path, smallRun(dir));
  const db = openReadOnly(path);
  closeAfter(t, () => db.close());
  assert.deepEqual(db.tasks(), ['isr', 'calibrate']);
  assert.deepEqual(db.taskCounts().map((c) => [c.label, c.total]), [['isr', 3], ['calibrate', 3]]);
  assert.deepEqual(db.jobsByTask('isr').map((j) => j.name), db.jobsByLabel('isr').map((j) => j.name));
});
