/**
 * The demo never writes into the package (issue 15, item 16): the stand-in works on a copy of the toy
 * repo under $BPS_HOME/demo. As root, permission bits stop no write, so this checks that nothing under
 * examples/ changed after a demo run, and, where mounting is allowed, runs the demo from a read-only bind
 * mount of the whole package, as a shared or system-wide install would be.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { bps, DEMO_CONFIG, makeWorkDir } from '../support/bps-cli.js';
import { assertEachQuantumOnce, REPO_ROOT, writeFaults } from '../support/standin.js';

const EXAMPLES = join(REPO_ROOT, 'examples');

/** Every file and folder under `dir`: path → size, mtime and content hash (folders: their entries). */
function snapshot(dir: string): Map<string, string> {
  const entries = new Map<string, string>();
  const walk = (path: string) => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      const names = readdirSync(path).sort();
      entries.set(relative(dir, path) || '.', `dir ${names.join(',')}`);
      for (const name of names) walk(join(path, name));
    } else entries.set(relative(dir, path), `${stat.size} ${stat.mtimeMs} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
  };
  walk(dir);
  return entries;
}

function workDir(t: TestContext): ReturnType<typeof makeWorkDir> {
  const work = makeWorkDir();
  t.after(() => work.cleanup());
  return work;
}

test('the demo as shipped (no -b) leaves examples/ untouched: the toy repo is copied to $BPS_HOME/demo/DC2 and used there', async (t) => {
  const work = workDir(t);
  const before = snapshot(EXAMPLES);
  const run = 'u/test/shipped-repo';
  const submit = await bps(['submit', DEMO_CONFIG, '--output-run', run, '--quiet'], { cwd: work.dir, env: work.env });
  assert.equal(submit.exitCode, 0, submit.stderr);
  assert.deepEqual(snapshot(EXAMPLES), before, 'nothing under examples/ was written');
  const copy = join(work.env['BPS_HOME'] ?? '', 'demo', 'DC2');
  assertEachQuantumOnce(copy, run);
  assert.ok(existsSync(join(copy, 'datastore', 'u', 'test', 'shipped-repo')), 'the outputs are in the copy');
  // A second run uses the same copy, which the first run's outputs are part of.
  const again = await bps(['submit', DEMO_CONFIG, '--output-run', `${run}-2`, '--quiet'], { cwd: work.dir, env: work.env });
  assert.equal(again.exitCode, 0, again.stderr);
  assertEachQuantumOnce(copy, `${run}-2`);
  assert.deepEqual(snapshot(EXAMPLES), before);
});

/**
 * Bind-mounts the package read-only at a fresh folder of its own, never inside a folder a test removes
 * recursively; unmounted when the test ends, the folder then removed only if empty. Undefined where
 * mounting is not allowed.
 */
async function readOnlyPackage(t: TestContext): Promise<string | undefined> {
  const pkg = mkdtempSync(join(tmpdir(), 'bps-ts-ro-'));
  const mounted = await execa('mount', ['-o', 'bind,ro', REPO_ROOT, pkg], { reject: false });
  if (mounted.exitCode !== 0) {
    rmdirSync(pkg);
    t.skip(`cannot bind-mount here: ${String(mounted.stderr).split('\n')[0]}`);
    return undefined;
  }
  t.after(async () => {
    // The run's helper processes may hold the mount for a moment after the driver exits.
    for (let i = 0; i < 50 && (await execa('umount', [pkg], { reject: false })).exitCode !== 0; i += 1) await sleep(100);
    rmdirSync(pkg);
  });
  return pkg;
}

test('from a read-only install (the package bind-mounted read-only), the demo runs and a fault file still applies', async (t) => {
  const work = workDir(t);
  const pkg = await readOnlyPackage(t);
  if (pkg === undefined) return;
  const probe = await execa('touch', [join(pkg, 'probe')], { reject: false });
  assert.notEqual(probe.exitCode, 0, 'the mount is read-only');
  const faults = writeFaults(work.dir, 'faults', '- {label: calibrate, dataId: {detector: 94}, exitCode: 1}\n');
  const run = 'u/test/read-only';
  const env = { ...work.env, STANDIN_FAULTS: faults };
  const submit = await execa(join(pkg, 'bin', 'bps'), ['submit', join(pkg, 'examples', 'bps_DRP.yaml'), '--output-run', run, '--quiet'], { cwd: work.dir, env, extendEnv: false, reject: false });
  assert.equal(submit.exitCode, 1, String(submit.stderr));
  assert.doesNotMatch(String(submit.stderr), /EROFS|read-only file system/i);
  assert.match(String(submit.stdout), /^calibrate\s+0\s+0\s+4\s+1\s+0\s+5$/m, 'the injected failure, and nothing else');
  assert.match(String(submit.stdout), /^total\s+0\s+0\s+20\s+1\s+10\s+31$/m);
});
