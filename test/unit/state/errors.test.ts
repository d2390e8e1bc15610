import assert from 'node:assert/strict';
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { createRunState } from '../../../src/state/create-run.js';
import { translateError } from '../../../src/state/db.js';
import { openReadOnly } from '../../../src/state/run-db.js';
import { closeAfter, smallRun, tempDir } from './fixtures.js';

test('SQLite errors met after opening become StateErrors that name the file and say what to do', () => {
  const busy = translateError('/r/bps.sqlite', new Database.SqliteError('database is locked', 'SQLITE_BUSY')) as Error & { hint?: string };
  assert.equal(busy.name, 'StateError');
  assert.match(busy.message, /\/r\/bps\.sqlite stayed locked by another process for 10 s/);
  assert.match(busy.hint ?? '', /driver\.pid/);
  const corrupt = translateError('/r/bps.sqlite', new Database.SqliteError('database disk image is malformed', 'SQLITE_CORRUPT')) as Error & { hint?: string };
  assert.match(corrupt.message, /Cannot read the run state \/r\/bps\.sqlite: database disk image is malformed/);
  assert.match(corrupt.hint ?? '', /PRAGMA integrity_check/);
  const bug = new TypeError('x is undefined');
  assert.equal(translateError('/r/bps.sqlite', bug), bug, 'a bug stays a bug');
});

test('a file damaged after creation is reported by integrityCheck and by the queries that touch the damage', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'bps.sqlite');
  createRunState(path, smallRun(dir, 3000));
  const size = statSync(path).size;
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(size / 2, 0x5a), 0, size / 2, size / 4); // the middle half: job rows and indexes
  closeSync(fd);
  const db = openReadOnly(path); // the schema page is intact, so opening works
  closeAfter(t, () => db.close());
  assert.notDeepEqual(db.integrityCheck(), []);
  assert.throws(() => db.jobNames(), (e: unknown) => e instanceof Error && e.name === 'StateError' && e.message.includes(path));
});
