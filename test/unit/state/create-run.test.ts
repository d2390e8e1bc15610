import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { createRunState } from '../../../src/state/create-run.js';
import { openReadOnly, openRunState } from '../../../src/state/run-db.js';
import type { JobInit } from '../../../src/state/types.js';
import { JobState } from '../../../src/model/job-state.js';
import { makeLabelSpec } from '../../support/workflows.js';
import { smallRun, tempDir } from './fixtures.js';

const isStateError = (pattern: RegExp) => (e: unknown) => e instanceof Error && e.name === 'StateError' && pattern.test(e.message);

test('a run state is created whole and reads back: run, labels, counts, jobs, edges', (t) => {
  const dir = tempDir(t);
  const created = createRunState(join(dir, 'bps.sqlite'), smallRun(dir, 3));
  assert.deepEqual(created, { runId: 'run-1', jobs: 8, edges: 6 });
  assert.deepEqual(readdirSync(dir), ['bps.sqlite'], 'no tmp, -wal or -shm file is left');
  const db = openReadOnly(join(dir, 'bps.sqlite'));
  try {
    const run = db.runInfo();
    assert.deepEqual(
      [run.id, run.name, run.uniqProcName, run.submitDir, run.state, run.computeSite, run.executor, run.createdAt, run.driver],
      ['run-1', 'u/me/run', 'u_me_run_20260101T000000Z', dir, 'UNREADY', 'local', 'local', '2026-01-01T00:00:00.000Z', null],
    );
    assert.equal(run.configPath, join(dir, 'u_me_run_config.yaml'));
    assert.deepEqual(db.labelCounts().map((l) => [l.label, l.kind, l.expected, l.total, l.counts.READY, l.counts.UNREADY]), [
      ['pipetaskInit', 'init', 1, 1, 1, 0], ['isr', 'payload', 3, 3, 0, 3], ['calibrate', 'payload', 3, 3, 0, 3], ['finalJob', 'final', 1, 1, 1, 0],
    ]);
    assert.equal(Object.keys(db.labelCounts()[0]?.counts ?? {}).length, Object.keys(JobState).length, 'every state is counted, zeros too');
    const [isr0] = db.jobsByIds([2]);
    assert.deepEqual(isr0, {
      id: 2, index: 1, name: '00000000-0000-7000-8000-000000000000_isr_0', label: 'isr', quanta: '00000000-0000-7000-8000-000000000000',
      dataId: { detector: 0, exposure: 100 }, state: 'UNREADY', attempt: 0, memoryMiB: 2048, exitCode: null, reason: null,
    });
    assert.deepEqual([...db.labelSpecs().keys()], ['pipetaskInit', 'isr', 'calibrate'], 'finalJob was given no spec');
    assert.equal(db.events()[0]?.type, 'created');
  } finally {
    db.close();
  }
  const raw = new Database(join(dir, 'bps.sqlite'), { readonly: true });
  assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(raw.prepare('SELECT COUNT(*) FROM edges').pluck().get(), 6);
  raw.close();
});

test('initial states may be given per run or per job instead of from the edges', (t) => {
  const dir = tempDir(t);
  const init = smallRun(dir, 2);
  const states = new Uint8Array(6).fill(JobState.SUCCEEDED);
  const jobs = [...init.jobs].map((job, i): JobInit => (i === 5 ? { ...job, state: JobState.FAILED } : job));
  createRunState(join(dir, 'bps.sqlite'), { ...init, jobs, initialStates: states });
  const db = openReadOnly(join(dir, 'bps.sqlite'));
  try {
    assert.deepEqual([...db.loadSchedulingState().state], [0, 0, 0, 0, 0, JobState.FAILED]);
  } finally {
    db.close();
  }
});

test('a failure mid-insert leaves no bps.sqlite and no tmp file', (t) => {
  const dir = tempDir(t);
  const init = smallRun(dir, 50);
  function* failing(): Generator<JobInit> {
    let i = 0;
    for (const job of init.jobs) {
      if (i++ === 40) throw new Error('the workflow builder broke');
      yield job;
    }
  }
  assert.throws(() => createRunState(join(dir, 'bps.sqlite'), { ...init, jobs: failing() }), isStateError(/Cannot write the run state .*the workflow builder broke/));
  assert.deepEqual(readdirSync(dir), []);
});

test('a process killed mid-creation leaves no bps.sqlite, and the next creation succeeds', (t) => {
  const dir = tempDir(t);
  const here = fileURLToPath(import.meta.url);
  const child = here.replace(/create-run\.test\.(ts|js)$/, 'kill-during-create.child.$1');
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--test'));
  const result = spawnSync(process.execPath, [...execArgv, child, dir, '5000', '4000'], { encoding: 'utf8' });
  assert.equal(result.signal, 'SIGKILL', result.stderr);
  assert.ok(!existsSync(join(dir, 'bps.sqlite')), 'no state file a restart or status could misread');
  assert.ok(existsSync(join(dir, 'bps.sqlite.tmp')), 'the half-built file is only the tmp');
  createRunState(join(dir, 'bps.sqlite'), smallRun(dir, 5));
  assert.deepEqual(readdirSync(dir), ['bps.sqlite']);
  const db = openReadOnly(join(dir, 'bps.sqlite'));
  assert.equal(db.labelCounts().reduce((n, l) => n + l.total, 0), 12);
  db.close();
});

test('bad input is refused before anything is published: unknown label, bad edge, duplicate name, existing file', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'bps.sqlite');
  const init = smallRun(dir, 2);
  const jobs = [...init.jobs];
  assert.throws(() => createRunState(path, { ...init, jobs: [...jobs, { ...jobs[1]!, name: 'x', label: 'coadd' }] }), isStateError(/label 'coadd', which is not among/));
  assert.throws(() => createRunState(path, { ...init, edges: { from: Uint32Array.of(0), to: Uint32Array.of(6) } }), isStateError(/Edge 0 → 6 is not between two distinct jobs of the 6/));
  assert.throws(() => createRunState(path, { ...init, jobs: [...jobs, jobs[2]!] }), isStateError(/Two jobs of the workflow have the same name/));
  assert.deepEqual(readdirSync(dir), []);
  createRunState(path, init);
  assert.throws(() => createRunState(path, init), isStateError(/already exists/));
});

test('a stale tmp (and a stray -wal) from an earlier crash do not get in the way', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'bps.sqlite.tmp'), 'half a database');
  writeFileSync(join(dir, 'bps.sqlite-wal'), 'a WAL of some other file');
  createRunState(join(dir, 'bps.sqlite'), smallRun(dir));
  assert.deepEqual(readdirSync(dir), ['bps.sqlite']);
  const db = openRunState(join(dir, 'bps.sqlite'));
  assert.deepEqual(db.integrityCheck(), []);
  db.close();
});
