import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readExitFile, readExitRecord } from '../../../../src/executors/common/run-files.js';

const CASES: ReadonlyArray<readonly [string, unknown]> = [
  ['exit 0 1796606618\n', { outcome: { kind: 'exited', exitCode: 0 } }],
  ['signal 9 1796606618\n', { outcome: { kind: 'signaled', signal: 'SIGKILL' } }],
  ['exit 3 1796606618 cpu=0.22 wall=1.84 rss=372736\n', { outcome: { kind: 'exited', exitCode: 3 }, usage: { cpuSec: 0.22, wallSec: 1.84, maxRssMiB: 364 } }],
  ['memory 9 1796606620 cpu=0.24 wall=2.04 rss=372724\n', { outcome: { kind: 'out-of-memory' }, usage: { cpuSec: 0.24, wallSec: 2.04, maxRssMiB: 372724 / 1024 } }],
  ['exit 0 1796606618 cpu=0.01 wall=0.02\n', { outcome: { kind: 'exited', exitCode: 0 }, usage: { cpuSec: 0.01, wallSec: 0.02 } }],
  ['exit 0 1796606618 rss= cpu=x future=1\n', { outcome: { kind: 'exited', exitCode: 0 } }],
];

test('exit records: the verdict, the wrapper\'s usage fields (any may be missing), the wrapper\'s memory kill (table)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bps-exit-'));
  for (const [i, [text, expected]] of CASES.entries()) {
    const path = join(dir, `${i}.exit`);
    writeFileSync(path, text);
    assert.deepEqual(readExitRecord(path), expected, text);
    assert.deepEqual(readExitFile(path), (expected as { outcome: unknown }).outcome);
  }
  assert.equal(readExitRecord(join(dir, 'missing.exit')), undefined);
});
