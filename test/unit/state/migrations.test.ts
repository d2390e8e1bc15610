import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { createRunState } from '../../../src/state/create-run.js';
import { openDatabase } from '../../../src/state/db.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/state/migrations/index.js';
import { openReadOnly, openRunState } from '../../../src/state/run-db.js';
import { smallRun, tempDir } from './fixtures.js';

const isStateError = (pattern: RegExp) => (e: unknown) => e instanceof Error && e.name === 'StateError' && pattern.test(e.message);

function versions(path: string): number[] {
  const raw = new Database(path, { readonly: true });
  try {
    return raw.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[];
  } finally {
    raw.close();
  }
}

test('a new run has every migration recorded once, and reopening changes nothing', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'bps.sqlite');
  createRunState(path, smallRun(dir));
  assert.deepEqual(versions(path), MIGRATIONS.map((m) => m.version));
  for (let i = 0; i < 3; i += 1) openRunState(path).close();
  openReadOnly(path).close();
  assert.deepEqual(versions(path), MIGRATIONS.map((m) => m.version));
  assert.equal(SCHEMA_VERSION, MIGRATIONS.length);
});

/** A schema-1 file as the first bps-ts wrote it: migration 001 only, one run, two jobs. */
function writeSchemaOne(path: string, dir: string): void {
  const raw = new Database(path);
  raw.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  raw.exec(MIGRATIONS[0]?.sql ?? '');
  raw.prepare("INSERT INTO schema_migrations VALUES (1, 'initial', 'then')").run();
  raw.prepare(`INSERT INTO run VALUES (1, 'old', 'u/me/old', 'u_me_old', ?, 'me', 'p', 'c', 'pl', '{"name":"local","executor":"local","maxJobs":2,"options":{"graceSec":5}}', 'RUNNING', 'then', 'then')`).run(dir);
  raw.prepare(`INSERT INTO labels VALUES (0, 'isr', 'payload', 'null', 2)`).run();
  raw.prepare(`INSERT INTO jobs (id, name, label_idx, quanta, state, memory_mib) VALUES (1, 'a', 0, 'q1', 0, 2048)`).run();
  raw.prepare(`INSERT INTO jobs (id, name, label_idx, quanta, state, memory_mib, attempt, external_id, start_ticks) VALUES (2, 'b', 0, 'q2', 15, 2048, 1, '4242', 777)`).run();
  raw.prepare(`INSERT INTO attempts (job_id, attempt, external_id, start_ticks) VALUES (2, 1, '4242', 777)`).run();
  raw.prepare(`INSERT INTO label_counts VALUES (0, 0, 1), (0, 15, 1)`).run();
  raw.prepare(`INSERT INTO edges VALUES (1, 2)`).run();
  raw.close();
}

test('a reader reads a schema-1 file as it is; a writer migrates it, keeping every row', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'bps.sqlite');
  writeSchemaOne(path, dir);
  const reader = openReadOnly(path);
  try {
    assert.equal(reader.runInfo().configPath, null);
    assert.equal(reader.labelCounts()[0]?.counts.SUCCEEDED, 1);
    assert.deepEqual(reader.taskCounts().map((c) => [c.label, c.total]), [['isr', 2]], 'read from the label counts before schema 4');
    assert.deepEqual(reader.inFlightJobs().map((j) => [j.externalId, j.detail]), [['4242', '777']], "an old file's start ticks read as the detail");
    assert.deepEqual(reader.labelUsage().map((u) => [u.label, u.requestedMiB, u.maxRssMiB]), [['isr', [], []]], 'no usage columns before schema 5: nothing measured');
  } finally {
    reader.close();
  }
  assert.deepEqual(versions(path), [1]);
  const writer = openRunState(path);
  try {
    assert.deepEqual(versions(path), MIGRATIONS.map((m) => m.version));
    assert.deepEqual(writer.jobsByIds([1, 2]).map((j) => [j.name, j.state]), [['a', 'SUCCEEDED'], ['b', 'RUNNING']]);
    // Schema 3: the local start ticks became the handle's opaque detail, the site its executor settings.
    assert.deepEqual(writer.inFlightJobs().map((j) => [j.externalId, j.detail]), [['4242', '777']]);
    assert.deepEqual(writer.site(), { name: 'local', executor: 'local', settings: { graceSec: 5, maxJobs: 2 } });
    const state = writer.loadSchedulingState(); // no CSR blobs in a migrated file: read from the edges table
    assert.deepEqual([...state.childList], [1]);
    writer.setDriver({ pid: 42, host: 'node1', startedAt: '2026-01-01T00:00:00Z' });
    assert.equal(writer.runInfo().driver?.pid, 42);
    // Schema 4: the payload labels are the task labels, each job one quantum of its own.
    assert.deepEqual(writer.tasks(), ['isr']);
    assert.deepEqual(writer.taskCounts().map((c) => [c.label, c.counts.SUCCEEDED, c.counts.RUNNING, c.total]), [['isr', 1, 1, 2]]);
    assert.deepEqual(writer.jobsByTask('isr').map((j) => j.name), ['a', 'b']);
    assert.equal(writer.launchRecord(1)?.walltimeSec, null);
    // Schema 5: attempts have usage columns, empty for what ran before.
    assert.deepEqual(writer.attempts(2).map((a) => [a.maxRssMiB, a.cpuSec, a.wallSec]), [[null, null, null]]);
    assert.deepEqual([...writer.labelPeakMemory()], []);
    assert.deepEqual(writer.integrityCheck(), []);
  } finally {
    writer.close();
  }
});

test('a file from a newer bps-ts is refused, read-write and read-only', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'bps.sqlite');
  createRunState(path, smallRun(dir));
  const raw = new Database(path);
  raw.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')").run();
  raw.close();
  const expected = isStateError(new RegExp(`bps.sqlite was written by a newer bps-ts \\(schema 99, this one knows ${SCHEMA_VERSION}\\); upgrade bps-ts`));
  assert.throws(() => openRunState(path), expected);
  assert.throws(() => openReadOnly(path), expected);
});

test('garbage, a foreign SQLite file and a missing file are StateErrors that name the path', (t) => {
  const dir = tempDir(t);
  const garbage = join(dir, 'garbage.sqlite');
  writeFileSync(garbage, 'this is not a database at all, just some text that is long enough to have a header');
  for (const open of [openRunState, openReadOnly]) {
    assert.throws(() => open(garbage), (e: unknown) => {
      const error = e as Error & { hint?: string };
      return isStateError(/Cannot read the run state .*garbage\.sqlite/)(e) && /PRAGMA integrity_check/.test(error.hint ?? '');
    });
  }
  const foreign = join(dir, 'foreign.sqlite');
  const raw = new Database(foreign);
  raw.exec('CREATE TABLE photos (id INTEGER)');
  raw.close();
  assert.throws(() => openReadOnly(foreign), isStateError(/foreign\.sqlite is not a bps-ts run state file/));
  assert.throws(() => openDatabase(join(dir, 'missing.sqlite')), isStateError(/No run state at .*missing\.sqlite/));
});

test('integrityCheck passes on a new run and reports label counts that drifted from the jobs', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'bps.sqlite');
  createRunState(path, smallRun(dir));
  const db = openRunState(path);
  try {
    assert.deepEqual(db.integrityCheck(), []);
  } finally {
    db.close();
  }
  const raw = new Database(path);
  raw.prepare('UPDATE label_counts SET count = count + 1 WHERE label_idx = 1').run();
  raw.close();
  const reader = openReadOnly(path);
  try {
    assert.match(reader.integrityCheck().join('\n'), /label_counts says label 1 has 4 UNREADY jobs, the jobs table 3/);
  } finally {
    reader.close();
  }
});
