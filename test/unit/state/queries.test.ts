import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import { createRunState } from '../../../src/state/create-run.js';
import { openReadOnly, openRunState, type RunDatabase } from '../../../src/state/run-db.js';
import { JobState } from '../../../src/model/job-state.js';
import { closeAfter, smallRun, tempDir } from './fixtures.js';

function withRun(t: TestContext, n = 3): { db: RunDatabase; path: string; dir: string } {
  const dir = tempDir(t);
  const path = join(dir, 'bps.sqlite');
  createRunState(path, smallRun(dir, n));
  const db = openRunState(path);
  closeAfter(t, () => db.close());
  return { db, path, dir };
}

const children = (s: { childStart: Uint32Array; childList: Uint32Array }, i: number) => [...s.childList.subarray(s.childStart[i], s.childStart[i + 1])];

test('loadSchedulingState: typed arrays by index, children in CSR, parent counts and the finalJob', (t) => {
  const { db } = withRun(t, 3);
  const s = db.loadSchedulingState();
  assert.equal(s.jobCount, 8);
  assert.deepEqual(s.labels.map((l) => l.label), ['pipetaskInit', 'isr', 'calibrate', 'finalJob']);
  assert.deepEqual([...s.labelOf], [0, 1, 1, 1, 2, 2, 2, 3]);
  assert.deepEqual([...s.state], [13, 12, 12, 12, 12, 12, 12, 13]);
  assert.deepEqual([...s.memoryMiB], [2048, 2048, 2048, 2048, 4096, 4096, 4096, 32768]);
  assert.deepEqual([...s.attempt], new Array(8).fill(0));
  assert.deepEqual(children(s, 0), [1, 2, 3]);
  assert.deepEqual(children(s, 2), [5]);
  assert.deepEqual(children(s, 7), []);
  assert.deepEqual([...s.parentCount], [0, 1, 1, 1, 1, 1, 1, 0]);
  assert.deepEqual(s.finalJob, { index: 7, always: true });
});

test('without the CSR blobs the same state is read from the edges table', (t) => {
  const { db, path } = withRun(t, 5);
  const stored = db.loadSchedulingState();
  const raw = new Database(path);
  raw.prepare('DELETE FROM dag_csr').run();
  raw.close();
  const rebuilt = db.loadSchedulingState();
  assert.deepEqual(rebuilt.childStart, stored.childStart);
  assert.deepEqual(rebuilt.childList, stored.childList);
  const pairs: string[] = [];
  for (let job = 0; job < rebuilt.jobCount; job += 1) {
    for (let k = rebuilt.childStart[job] as number; k < (rebuilt.childStart[job + 1] as number); k += 1) pairs.push(`${job}>${rebuilt.childList[k]}`);
  }
  pairs.sort();
  assert.deepEqual(pairs, ['0>1', '0>2', '0>3', '0>4', '0>5', '1>6', '2>7', '3>8', '4>9', '5>10'].sort());
});

test('inFlightJobs gives handles with the logging/<name>.<attempt>.exit convention', (t) => {
  const { db, dir } = withRun(t);
  db.applyRound({ transitions: [
    { job: 0, state: JobState.RUNNING, attempt: 2, handle: { jobId: 1, attempt: 2, externalId: '123', detail: '99', exitPath: '' }, at: 1 },
    { job: 7, state: JobState.PENDING, attempt: 1, handle: null, at: 1 },
  ] });
  assert.deepEqual(db.inFlightJobs(), [
    { jobId: 1, attempt: 2, externalId: '123', detail: '99', exitPath: join(dir, 'logging', 'pipetaskInit.2.exit'), name: 'pipetaskInit', label: 'pipetaskInit', state: 'RUNNING', reason: null },
    { jobId: 8, attempt: 1, externalId: '', exitPath: join(dir, 'logging', 'finalJob.1.exit'), name: 'finalJob', label: 'finalJob', state: 'PENDING', reason: null },
  ]);
});

test('failedJobs, jobsByLabel, jobsByIds and jobByName', (t) => {
  const { db } = withRun(t, 4);
  db.applyRound({ transitions: [
    { job: 2, state: JobState.FAILED, attempt: 3, outcome: { kind: 'exited', exitCode: 1 }, reason: 'exit 1 is never retried', at: 1 },
    { job: 3, state: JobState.SUCCEEDED, at: 1 },
  ] });
  assert.deepEqual(db.failedJobs(), [{
    id: 3, index: 2, name: '00000000-0000-7000-8000-000000000001_isr_1', label: 'isr', dataId: { detector: 1, exposure: 100 }, exitCode: 1, attempt: 3, reason: 'exit 1 is never retried',
  }]);
  assert.deepEqual(db.jobsByLabel('isr').map((j) => j.index), [1, 2, 3, 4]);
  assert.deepEqual(db.jobsByLabel('isr', { states: ['FAILED', 'SUCCEEDED'] }).map((j) => [j.index, j.state]), [[2, 'FAILED'], [3, 'SUCCEEDED']]);
  assert.deepEqual(db.jobsByLabel('isr', { limit: 2, offset: 1 }).map((j) => j.index), [2, 3]);
  assert.deepEqual(db.jobsByLabel('coadd'), []);
  assert.deepEqual(db.jobsByIds([10, 1, 500, 2]).map((j) => j.name), ['finalJob', 'pipetaskInit', '00000000-0000-7000-8000-000000000000_isr_0']);
  assert.equal(db.jobByName('finalJob')?.id, 10);
  assert.equal(db.jobByName('nope'), undefined);
  assert.deepEqual(db.findJobs('isr').map((j) => j.index), [2, 1, 3, 4], 'failed first');
  assert.equal(db.jobNames().length, 10);
});

test('jobsBySuffix: names ending with the text (an underscore is no wildcard), in id order, at most the limit', (t) => {
  const { db } = withRun(t, 4);
  assert.deepEqual(db.jobsBySuffix('isr_1', 10).map((j) => j.name), ['00000000-0000-7000-8000-000000000001_isr_1']);
  assert.deepEqual(db.jobsBySuffix('_1', 10).map((j) => j.label), ['isr', 'calibrate']);
  assert.deepEqual(db.jobsBySuffix('_1', 1).map((j) => j.label), ['isr']);
  assert.deepEqual(db.jobsBySuffix('isr1', 10), [], "'_' in a name is matched literally");
  assert.deepEqual(db.jobsBySuffix('finalJob', 10).map((j) => j.index), [9]);
  assert.deepEqual(db.jobsBySuffix('x_finalJob', 10), [], 'a suffix longer than the name');
});

test('a read-only handle answers the status queries and refuses to write', (t) => {
  const { path } = withRun(t);
  const reader = openReadOnly(path);
  closeAfter(t, () => reader.close());
  assert.equal(reader.readonly, true);
  assert.equal(reader.runInfo().name, 'u/me/run');
  assert.throws(() => reader.applyRound({ transitions: [{ job: 0, state: JobState.RUNNING, at: 1 }] }), (e: unknown) => e instanceof Error && e.name === 'StateError' && /opened read-only/.test(e.message));
});
