import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import { createRunState } from '../../../src/state/create-run.js';
import { defaultBpsHome } from '../../../src/paths.js';
import { RunNotFoundError, StateError } from '../../../src/errors.js';
import { listRuns, registerRun, resolveRun, RunIndex, type IndexedRun } from '../../../src/state/run-index.js';
import { smallRun, tempDir } from './fixtures.js';

const isStateError = (pattern: RegExp) => (e: unknown) => e instanceof StateError && pattern.test(e.message);

/** Two runs named u/me/run in `root` (a and b), indexed in `home`. */
function twoRuns(t: TestContext): { home: string; root: string; a: string; b: string } {
  const root = tempDir(t);
  const home = join(root, 'home');
  const [a, b] = [join(root, 'submit', 'a'), join(root, 'submit', 'b')];
  const entries: IndexedRun[] = [
    { runId: 'r1', name: 'u/me/run', uniqProcName: 'u_me_run_1', submitDir: a, createdAt: '2026-01-01T00:00:00Z' },
    { runId: 'r2', name: 'u/me/run', uniqProcName: 'u_me_run_2', submitDir: b, createdAt: '2026-01-02T00:00:00Z' },
  ];
  for (const entry of entries) {
    mkdirSync(entry.submitDir, { recursive: true });
    createRunState(join(entry.submitDir, 'bps.sqlite'), smallRun(entry.submitDir, 1, { run: { ...smallRun(entry.submitDir).run, runId: entry.runId } }));
    registerRun(entry, { bpsHome: home });
  }
  return { home, root, a, b };
}

test('a run is found by submit dir (absolute, relative, its bps.sqlite), run id and uniqProcName', (t) => {
  const { home, root, a, b } = twoRuns(t);
  const options = { cwd: root, bpsHome: home };
  assert.equal(resolveRun(a, options).submitDir, a);
  assert.equal(resolveRun(relative(root, b), options).submitDir, b);
  assert.equal(resolveRun(join(a, 'bps.sqlite'), options).submitDir, a);
  assert.deepEqual(resolveRun('r2', options), { submitDir: b, statePath: join(b, 'bps.sqlite'), indexed: { runId: 'r2', name: 'u/me/run', uniqProcName: 'u_me_run_2', submitDir: b, createdAt: '2026-01-02T00:00:00Z' }, notes: [] });
  assert.equal(resolveRun('u_me_run_1', options).submitDir, a);
});

test('a submit dir works even when the index lost it', (t) => {
  const dir = tempDir(t);
  createRunState(join(dir, 'bps.sqlite'), smallRun(dir));
  assert.equal(resolveRun('.', { cwd: dir, bpsHome: join(dir, 'empty-home') }).submitDir, dir);
});

test('no match and several matches are StateErrors that say what to give', (t) => {
  const { home, root, a, b } = twoRuns(t);
  const options = { cwd: root, bpsHome: home };
  assert.throws(() => resolveRun('nothing', options), (e: unknown) =>
    e instanceof RunNotFoundError && isStateError(/^No run matches 'nothing'\.$/)(e) && (e as { hint?: string }).hint === 'Give a submit dir, run name, uniqProcName or run id; `bps report` lists runs.');
  assert.throws(() => resolveRun('submit', options), isStateError(/^No run matches 'submit'\. .*\/submit exists but holds no bps\.sqlite\.$/));
  assert.throws(() => resolveRun('u/me/run', options), isStateError(new RegExp(`'u/me/run' matches 2 runs:\\n  ${b}  \\(run id r2.*\\n  ${a}  \\(run id r1`)));
});

test('a run whose folder vanished is pruned with a note; one whose bps.sqlite is not there yet is skipped', (t) => {
  const { home, root, a, b } = twoRuns(t);
  const unfinished = join(root, 'submit', 'c');
  mkdirSync(unfinished);
  registerRun({ runId: 'r3', name: 'u/me/run', uniqProcName: 'u_me_run_3', submitDir: unfinished, createdAt: '2026-01-03T00:00:00Z' }, { bpsHome: home });
  rmSync(b, { recursive: true });
  const resolved = resolveRun('u/me/run', { cwd: root, bpsHome: home });
  assert.equal(resolved.submitDir, a);
  assert.deepEqual(resolved.notes, [
    `Run u/me/run (r3): ${unfinished} has no bps.sqlite (its creation did not finish); skipped.`,
    `Run u/me/run (r2): ${b} is gone; removed from the index of runs.`,
  ]);
  assert.throws(() => resolveRun('r2', { cwd: root, bpsHome: home }), isStateError(/^No run matches 'r2'\.$/), 'pruned for good');
  const listing = listRuns({ bpsHome: home });
  assert.deepEqual(listing.runs.map((r) => r.runId), ['r1']);
  assert.equal(listing.notes.length, 1, 'r3 is still skipped, r2 is no longer there');
  const index = RunIndex.open(home);
  try {
    assert.deepEqual(index.entries().map((r) => r.runId), ['r3', 'r1']);
  } finally {
    index.close();
  }
});

test('the index refuses a newer or damaged file clearly, and $BPS_HOME decides where it lives', (t) => {
  const root = tempDir(t);
  const newer = join(root, 'newer');
  mkdirSync(newer);
  const raw = new Database(join(newer, 'runs.sqlite'));
  raw.pragma('user_version = 7');
  raw.close();
  assert.throws(() => RunIndex.open(newer), isStateError(/runs\.sqlite was written by a newer bps-ts \(index schema 7, this one knows 1\)/));
  const damaged = join(root, 'damaged');
  mkdirSync(damaged);
  writeFileSync(join(damaged, 'runs.sqlite'), 'not a database, not at all, not even a little bit of one');
  assert.throws(() => RunIndex.open(damaged), isStateError(/Cannot open the index of runs .*damaged\/runs\.sqlite/));
  assert.equal(defaultBpsHome({ BPS_HOME: '/x/bps' }), '/x/bps');
  assert.equal(defaultBpsHome({ XDG_STATE_HOME: '/x/state' }), '/x/state/bps-ts');
  assert.match(defaultBpsHome({}), /\/\.local\/state\/bps-ts$/);
});
