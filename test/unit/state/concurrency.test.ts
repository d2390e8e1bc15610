import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { createRunState } from '../../../src/state/create-run.js';
import { openReadOnly, openRunState } from '../../../src/state/run-db.js';
import { JobState } from '../../../src/model/job-state.js';
import { closeAfter, smallRun, tempDir } from './fixtures.js';

const require = createRequire(import.meta.url);

test('a read-only reader works while the writer holds an open write transaction (WAL)', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'bps.sqlite');
  createRunState(path, smallRun(dir));
  const writer = openRunState(path);
  closeAfter(t, () => writer.close());
  writer.applyRound({ transitions: [{ job: 0, state: JobState.RUNNING, attempt: 1, at: 1 }], runState: 'RUNNING' });
  const other = new Database(path); // a second writer, mid-round
  closeAfter(t, () => other.close());
  other.exec('BEGIN IMMEDIATE');
  other.prepare('UPDATE label_counts SET count = 0').run();
  const reader = openReadOnly(path);
  closeAfter(t, () => reader.close());
  assert.equal(reader.labelCounts()[0]?.counts.RUNNING, 1, 'the reader sees the last committed round');
  assert.equal(reader.runInfo().state, 'RUNNING');
  other.exec('ROLLBACK');
});

test('a reader opens the state of a driver that was SIGKILLed mid-write (WAL recovery)', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'bps.sqlite');
  createRunState(path, smallRun(dir));
  const script = `const D = require(${JSON.stringify(require.resolve('better-sqlite3'))}); const db = new D(${JSON.stringify(path)});
    db.pragma('journal_mode = WAL'); for (let i = 0; i < 50; i++) db.prepare('UPDATE run SET updated_at = ?').run(String(i));
    process.kill(process.pid, 'SIGKILL');`;
  const killed = spawnSync(process.execPath, ['-e', script]);
  assert.equal(killed.signal, 'SIGKILL');
  assert.ok(existsSync(`${path}-wal`), 'the killed writer left its WAL behind');
  const reader = openReadOnly(path);
  try {
    assert.equal(reader.labelCounts()[0]?.counts.READY, 1);
    assert.equal(reader.runInfo().updatedAt, '49');
  } finally {
    reader.close();
  }
});
