import { test, before, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { BPS, bps, demoConfigLines, useDemoWorkspace } from '../support/bps-cli.js';
import { assertEachQuantumOnce } from '../support/standin.js';

/**
 * A full disk and a read-only file system under the submit folder, made real with small tmpfs mounts
 * (root only; skipped where mounting is not allowed). Each must end with one line, leave nothing a
 * restart misreads, and the full disk must resume to the end without redoing a quantum.
 */
const workspace = useDemoWorkspace();
let skip: string | undefined;

/** Mounts a tmpfs for the test and unmounts it when the test ends (before the workspace is removed). */
async function mountTmpfs(t: TestContext, name: string, options: string): Promise<string> {
  const dir = join(workspace.work.dir, name);
  mkdirSync(dir, { recursive: true });
  await execa('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  t.after(() => execa('umount', [dir], { reject: false }).then(() => undefined));
  return dir;
}

before(async () => {
  const probe = join(workspace.work.dir, 'probe');
  mkdirSync(probe, { recursive: true });
  const mounted = await execa('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { reject: false });
  if (mounted.exitCode === 0) await execa('umount', [probe]);
  else skip = `cannot mount a tmpfs here: ${String(mounted.stderr).split('\n')[0]}`;
});

function configWithSubmitRoot(name: string, root: string): string {
  const path = join(workspace.work.dir, `${name}.yaml`);
  writeFileSync(path, [
    ...demoConfigLines(),
    `submitPath: ${JSON.stringify(`${root}/{outputRun}`)}`,
    '',
  ].join('\n'));
  return path;
}

function assertOneLine(stderr: string, pattern: RegExp): void {
  const last = stderr.trimEnd().split('\n').at(-1) ?? '';
  assert.match(last, /^Error: /, stderr);
  assert.match(last, pattern);
  assert.doesNotMatch(stderr, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
}

test('a read-only submit root: one line, exit 1, nothing indexed', async (t) => {
  if (skip) return t.skip(skip);
  const root = await mountTmpfs(t, 'readonly', 'ro,size=1m');
  const result = await bps(['submit', configWithSubmitRoot('ro', root), '-b', workspace.repo, '--output-run', 'u/disk/ro'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(result.exitCode, 1, result.stderr);
  assertOneLine(result.stderr, /Cannot create submit directory '.*u\/disk\/ro'.*a folder you can write to/);
  const status = await bps(['status', 'u/disk/ro'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(status.exitCode, 1);
  assertOneLine(status.stderr, /No run matches 'u\/disk\/ro'/);
});

test('the disk fills up while jobs run: the driver stops with one line; after freeing space, restart finishes without redoing work', async (t) => {
  if (skip) return t.skip(skip);
  const root = await mountTmpfs(t, 'small', 'size=8m');
  const run = 'u/disk/full';
  const env = { ...workspace.work.env, STANDIN_TIME_SCALE: '0.5' };
  const child = execa(BPS, ['submit', configWithSubmitRoot('full', root), '-b', workspace.repo, '--output-run', run], { cwd: workspace.work.dir, env, extendEnv: false, reject: false });
  const logging = join(root, run, 'logging');
  const deadline = Date.now() + 60_000;
  while (!(existsSync(logging) && readdirSync(logging).filter((f) => f.endsWith('.exit')).length >= 4)) {
    assert.ok(Date.now() < deadline, 'jobs ran');
    await sleep(50);
  }
  const filler = join(root, 'filler');
  await execa('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { reject: false });
  const stopped = await child;
  assert.equal(stopped.exitCode, 1, String(stopped.stderr));
  assertOneLine(String(stopped.stderr), /disk is full/);

  rmSync(filler);
  // A job writing its log when the disk filled may itself have failed (the stand-in exits 1 when its
  // stdout cannot be written, as a real pipetask would): such failures are real, so they rerun on request.
  const restart = await bps(['restart', run, '--retry-failed'], { cwd: workspace.work.dir, env, timeoutMs: 120_000 });
  assert.equal(restart.exitCode, 0, restart.stderr);
  assert.match(restart.stdout, /^total\s+0\s+0\s+31\s+0\s+31$/m);
  assertEachQuantumOnce(workspace.repo, run);
});
