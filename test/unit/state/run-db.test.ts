import { test } from 'node:test';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createRunState, type RunInit } from '../../../src/state/create-run.js';
import { integrityCheck, openDatabase } from '../../../src/state/db.js';
import { RunDatabase } from '../../../src/state/run-db.js';
import { resolveRunDir, RunIndex } from '../../../src/state/run-index.js';
import { JobState } from '../../../src/workflow/types.js';
import { makeLabelSpec } from '../../support/workflows.js';

function init(submitDir: string, jobs = 6, failAt = -1): RunInit {
  return {
    runId: 'r1', name: 'u/me/run', uniqProcName: 'u_me_run', submitDir, operator: 'me', project: 'p', campaign: 'c', payloadName: 'pl',
    site: { name: 'local', executor: 'local', maxJobs: 2, options: {} },
    labels: [{ spec: makeLabelSpec('isr'), expected: jobs / 2 }, { spec: makeLabelSpec('calibrate'), expected: jobs / 2 }],
    jobCount: jobs,
    job: (i) => {
      if (i === failAt) throw new Error('killed mid-insert');
      return { name: `job${i}`, labelIndex: i < jobs / 2 ? 0 : 1, quanta: `q${i}`, dataId: { detector: i }, state: i < jobs / 2 ? JobState.READY : JobState.UNREADY, memoryMiB: 2048 };
    },
    edgeFrom: Uint32Array.from([0, 1, 2]), edgeTo: Uint32Array.from([3, 4, 5]),
    now: new Date(),
  };
}

const fresh = () => mkdtempSync(join(tmpdir(), 'bps-state-'));

test('a run state is created whole, and reads back for the scheduler', () => {
  const dir = fresh();
  createRunState(join(dir, 'bps.sqlite'), init(dir));
  const db = RunDatabase.open(join(dir, 'bps.sqlite'));
  try {
    const snap = db.snapshot();
    assert.deepEqual([...snap.states], [13, 13, 13, 12, 12, 12]);
    assert.deepEqual([...snap.edgeFrom], [0, 1, 2]);
    assert.deepEqual(snap.labels, ['isr', 'calibrate']);
    assert.deepEqual(db.job(4), { name: 'job4', label: 'calibrate', quanta: 'q4' });
    assert.equal(db.labelSpecs().get('isr')?.command[0], '/bin/true');
    assert.equal(db.run().name, 'u/me/run');
  } finally {
    db.close();
  }
});

test('creation is all or nothing: a failure mid-insert leaves no bps.sqlite', () => {
  const dir = fresh();
  assert.throws(() => createRunState(join(dir, 'bps.sqlite'), init(dir, 6, 4)), /killed mid-insert/);
  assert.ok(!existsSync(join(dir, 'bps.sqlite')));
  assert.ok(!existsSync(join(dir, 'bps.sqlite.tmp')));
});

test('label counts always equal a GROUP BY over the jobs after random rounds', () => {
  const dir = fresh();
  createRunState(join(dir, 'bps.sqlite'), init(dir, 40));
  const db = RunDatabase.open(join(dir, 'bps.sqlite'));
  const states = [JobState.READY, JobState.PENDING, JobState.RUNNING, JobState.SUCCEEDED, JobState.FAILED, JobState.PRUNED];
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let round = 0; round < 50; round += 1) {
    const transitions = Array.from({ length: 5 }, () => ({ job: Math.floor(random() * 40), state: states[Math.floor(random() * states.length)] as 13, at: Date.now() }));
    db.commit({ transitions });
  }
  db.close();
  const raw = new Database(join(dir, 'bps.sqlite'), { readonly: true });
  const grouped = raw.prepare('SELECT label_idx, state, COUNT(*) AS n FROM jobs GROUP BY label_idx, state').all() as Array<{ label_idx: number; state: number; n: number }>;
  const counted = raw.prepare('SELECT label_idx, state, count AS n FROM label_counts WHERE count != 0').all() as typeof grouped;
  const key = (rows: typeof grouped) => rows.map((r) => `${r.label_idx}:${r.state}:${r.n}`).sort();
  assert.deepEqual(key(counted), key(grouped));
  assert.equal(integrityCheck(raw), 'ok');
  raw.close();
});

test('a newer schema and a garbage file are refused with a clear StateError', () => {
  const dir = fresh();
  createRunState(join(dir, 'bps.sqlite'), init(dir));
  const raw = new Database(join(dir, 'bps.sqlite'));
  raw.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')").run();
  raw.close();
  assert.throws(() => openDatabase(join(dir, 'bps.sqlite')), (e: Error) => e.name === 'StateError' && /newer bps-ts \(schema 99; this one knows 1\)/.test(e.message));
  const garbage = join(dir, 'garbage.sqlite');
  writeFileSync(garbage, 'this is not a database at all, just some text that is long enough');
  assert.throws(() => openDatabase(garbage), (e: Error) => e.name === 'StateError' && /Cannot read the run state/.test(e.message));
});

test('a read-only reader works while the writer holds a transaction (WAL)', () => {
  const dir = fresh();
  createRunState(join(dir, 'bps.sqlite'), init(dir));
  const writer = RunDatabase.open(join(dir, 'bps.sqlite'));
  writer.setRunState('RUNNING');
  const raw = new Database(join(dir, 'bps.sqlite'));
  raw.exec('BEGIN IMMEDIATE');
  raw.prepare('UPDATE jobs SET state = 15 WHERE id = 1').run();
  const reader = RunDatabase.open(join(dir, 'bps.sqlite'), { readonly: true });
  assert.equal(reader.labelCounts()[0]?.counts.READY, 3);
  reader.close();
  raw.exec('ROLLBACK');
  raw.close();
  writer.close();
});

test('the run index resolves a run by dir, name, uniqProcName and id; none and several are errors', () => {
  const home = fresh();
  const [a, b] = [fresh(), fresh()];
  createRunState(join(a, 'bps.sqlite'), init(a));
  createRunState(join(b, 'bps.sqlite'), { ...init(b), runId: 'r2' });
  const index = RunIndex.open(home);
  index.register({ runId: 'r1', name: 'u/me/run', uniqProcName: 'u_me_run', submitDir: a, createdAt: '2026-01-01' });
  index.register({ runId: 'r2', name: 'u/me/run', uniqProcName: 'u_me_run2', submitDir: b, createdAt: '2026-01-02' });
  index.register({ runId: 'r3', name: 'gone', uniqProcName: 'gone', submitDir: join(home, 'vanished'), createdAt: '2026-01-03' });
  index.close();
  const options = { cwd: '/', bpsHome: home };
  assert.equal(resolveRunDir(a, options), a);
  assert.equal(resolveRunDir('r2', options), b);
  assert.equal(resolveRunDir('u_me_run', options), a);
  assert.throws(() => resolveRunDir('u/me/run', options), /matches 2 runs/);
  assert.throws(() => resolveRunDir('gone', options), /No run matches 'gone'/);
});

test('a reader opens the state of a driver that was SIGKILLed mid-write (WAL recovery)', async () => {
  const { execa } = await import('execa');
  const dir = fresh();
  createRunState(join(dir, 'bps.sqlite'), init(dir));
  const writer = `const D = require(${JSON.stringify(require.resolve('better-sqlite3'))}); const db = new D(${JSON.stringify(join(dir, 'bps.sqlite'))});
    db.pragma('journal_mode = WAL'); for (let i = 0; i < 50; i++) db.prepare('UPDATE run SET updated_at = ?').run(String(i));
    process.kill(process.pid, 'SIGKILL');`;
  const killed = await execa(process.execPath, ['-e', writer], { reject: false });
  assert.equal(killed.signal, 'SIGKILL');
  assert.ok(existsSync(join(dir, 'bps.sqlite-wal')), 'the killed writer left its WAL behind');
  const reader = RunDatabase.open(join(dir, 'bps.sqlite'), { readonly: true });
  try {
    assert.equal(reader.labelCounts()[0]?.counts.READY, 3);
  } finally {
    reader.close();
  }
});
