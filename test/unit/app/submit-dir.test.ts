import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimSubmitDir, releaseSubmitDir, SUBMITTING_FILE } from '../../../src/app/submit-dir.js';
import { jobArgv } from '../../../src/app/job-argv.js';
import { loginName } from '../../../src/config/run-names.js';

function scratch(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'bps-submit-dir-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a new folder is claimed and marked while the submission builds it; the mark goes when it is released', (t) => {
  const dir = join(scratch(t), 'submit', 'u', 'me', 'run');
  assert.deepEqual(claimSubmitDir(dir, []), { kind: 'claimed', submitDir: dir, replaced: false });
  assert.ok(existsSync(join(dir, SUBMITTING_FILE)) && existsSync(join(dir, 'logging')) && existsSync(join(dir, 'jobs')));
  // A second submission meets a live one (this process) and does not touch its folder.
  assert.deepEqual(claimSubmitDir(dir, []), { kind: 'taken', submitDir: dir, holder: 'submission' });
  releaseSubmitDir(dir);
  assert.ok(!existsSync(join(dir, SUBMITTING_FILE)));
});

test('a folder holding a run is taken; one a failed submission left is emptied and reused, keeping a given graph', (t) => {
  const root = scratch(t);
  const run = join(root, 'run');
  mkdirSync(run);
  writeFileSync(join(run, 'bps.sqlite'), '');
  assert.deepEqual(claimSubmitDir(run, []), { kind: 'taken', submitDir: run, holder: 'run' });
  const failed = join(root, 'failed');
  mkdirSync(join(failed, 'logging'), { recursive: true });
  writeFileSync(join(failed, 'old.dot'), 'x');
  writeFileSync(join(failed, 'given.qg'), 'graph');
  // The mark of a submitter on this host that is gone does not hold the folder.
  writeFileSync(join(failed, SUBMITTING_FILE), `999999999 ${hostname()} 1\n`);
  assert.deepEqual(claimSubmitDir(failed, [join(failed, 'given.qg')]), { kind: 'claimed', submitDir: failed, replaced: true });
  assert.deepEqual(readdirSync(failed).sort(), [SUBMITTING_FILE, 'given.qg', 'jobs', 'logging'].sort());
});

test('a relative submitPath is refused', () => {
  assert.throws(() => claimSubmitDir('submit/run', []), /submitPath 'submit\/run' is not an absolute path/);
});

test('operator is the login name as getpass.getuser() finds it: LOGNAME, USER, LNAME, USERNAME, then the password database', () => {
  const env = (values: Record<string, string>) => (name: string) => values[name];
  assert.equal(loginName(env({ USER: 'u', LOGNAME: 'l', LNAME: 'n', USERNAME: 'x' })), 'l');
  assert.equal(loginName(env({ USER: 'u', LNAME: 'n' })), 'u');
  assert.equal(loginName(env({ LOGNAME: '', LNAME: 'n', USERNAME: 'x' })), 'n');
  assert.equal(loginName(env({ USERNAME: 'x' })), 'x');
  assert.ok(loginName(env({})).length > 0, 'the password database');
});

test('job argv: one command without a shell; several, or a commandPrepend, as one bash script stopping at the first failure', () => {
  assert.deepEqual(jobArgv(['pipetask run-qbb "a b" g.qg'], undefined), ['pipetask', 'run-qbb', 'a b', 'g.qg']);
  assert.deepEqual(jobArgv(['butler aggregate-graph g.qg repo', 'echo done'], undefined), ['bash', '-c', 'set -e\nbutler aggregate-graph g.qg repo\necho done']);
  assert.deepEqual(jobArgv(['pipetask run-qbb repo g.qg'], 'time'), ['bash', '-c', 'set -e\ntime pipetask run-qbb repo g.qg']);
  assert.throws(() => jobArgv(['echo ok', 'echo "open'], undefined), /Unterminated " quote/);
});
