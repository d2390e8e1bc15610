import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { execa } from 'execa';
import { BPS, bps, DEMO_CONFIG, useDemoWorkspace } from '../support/bps-cli.js';
import { assertEachQuantumOnce, readExecutions, writeFaults } from '../support/standin.js';

const workspace = useDemoWorkspace();

async function waitFor(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Starts `bps submit` and SIGKILLs the driver once `when` holds; returns the submit dir and run name. */
async function submitAndKill(outputRun: string, when: (submitDir: string) => boolean): Promise<string> {
  const env = { ...workspace.work.env, STANDIN_TIME_SCALE: '1' };
  const child = execa(BPS, ['submit', DEMO_CONFIG, '-b', workspace.repo, '--output-run', outputRun], { cwd: workspace.work.dir, env, extendEnv: false, reject: false });
  const submitDir = join(workspace.work.dir, 'submit', outputRun);
  await waitFor(() => when(submitDir), 'the kill point');
  child.kill('SIGKILL');
  await child;
  return submitDir;
}

for (const [name, killPoint] of [
  ['before any job ran', (dir: string) => existsSync(join(dir, 'bps.sqlite'))],
  ['while jobs run', (dir: string) => existsSync(join(dir, 'logging')) && readdirSync(join(dir, 'logging')).filter((f) => f.endsWith('.exit')).length >= 8],
  ['after the jobs ended', (dir: string) => existsSync(join(dir, 'logging', 'finalJob.1.exit'))],
] as const) {
  test(`SIGKILL the driver ${name}, then restart: the run completes and no quantum runs twice`, async () => {
    const run = `u/test/crash-${name.split(' ')[0]}`;
    const submitDir = await submitAndKill(run, killPoint);
    const status = await bps(['status', submitDir, '--json'], { cwd: workspace.work.dir, env: workspace.work.env });
    assert.equal(status.exitCode, 0, status.stderr);
    assert.equal((JSON.parse(status.stdout) as { run: { driverAlive: boolean } }).run.driverAlive, false);
    const restart = await bps(['restart', run], { cwd: workspace.work.dir, env: workspace.work.env });
    assert.equal(restart.exitCode, 0, restart.stderr);
    assert.match(restart.stdout, /^total\s+0\s+0\s+31\s+0\s+31$/m);
    assertEachQuantumOnce(workspace.repo, run);
    const db = new Database(join(submitDir, 'bps.sqlite'), { readonly: true });
    try {
      assert.equal((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check, 'ok');
    } finally {
      db.close();
    }
  });
}

test('a second driver on a run being driven is refused clearly', async () => {
  const run = 'u/test/second-driver';
  const submitDir = await submitAndKill(run, (dir) => existsSync(join(dir, 'bps.sqlite')));
  const detached = await bps(['restart', run, '--detach'], { cwd: workspace.work.dir, env: { ...workspace.work.env, STANDIN_TIME_SCALE: '1' } });
  assert.equal(detached.exitCode, 0, detached.stderr);
  const second = await bps(['restart', run], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(second.exitCode, 1);
  assert.match(second.stderr, /^Error: Run 'u\/test\/second-driver' is already being driven by pid \d+ on host .+ Watch it with 'bps status/m);
  await waitFor(() => !existsSync(join(submitDir, 'driver.pid')), 'the detached driver to finish', 90_000);
  const status = await bps(['status', run, '--json'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal((JSON.parse(status.stdout) as { run: { state: string } }).run.state, 'SUCCEEDED');
  assertEachQuantumOnce(workspace.repo, run);
});

test('Ctrl-C stops the run (exit 130, a hint to restart); restart finishes it; --retry-failed reruns failures', async () => {
  const run = 'u/test/interrupt';
  const env = { ...workspace.work.env, STANDIN_TIME_SCALE: '1' };
  const child = execa(BPS, ['submit', DEMO_CONFIG, '-b', workspace.repo, '--output-run', run], { cwd: workspace.work.dir, env, extendEnv: false, reject: false });
  const submitDir = join(workspace.work.dir, 'submit', run);
  await waitFor(() => existsSync(join(submitDir, 'logging')) && readdirSync(join(submitDir, 'logging')).filter((f) => f.endsWith('.exit')).length >= 4, 'some jobs to end');
  child.kill('SIGINT');
  const interrupted = await child;
  assert.equal(interrupted.exitCode, 130);
  assert.match(String(interrupted.stderr), /^Error: Run 'u\/test\/interrupt' was interrupted.* Resume it with 'bps restart u\/test\/interrupt'\.$/m);
  assert.ok(!existsSync(join(submitDir, 'driver.pid')), 'the lock is released');
  const restart = await bps(['restart', run], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(restart.exitCode, 0, restart.stderr);
  assertEachQuantumOnce(workspace.repo, run);
});

test('restart --retry-failed runs failed jobs and the jobs they pruned again', async () => {
  const faults = writeFaults(workspace.work.dir, 'fail-once', '- {label: makeWarp, failFirst: 1, exitCode: 1}\n');
  const run = 'u/test/retry-failed';
  const first = await bps(['submit', DEMO_CONFIG, '-b', workspace.repo, '--output-run', run], { cwd: workspace.work.dir, env: { ...workspace.work.env, STANDIN_FAULTS: faults } });
  assert.equal(first.exitCode, 1);
  assert.match(first.stdout, /^makeWarp\s+0\s+0\s+0\s+1\s+0\s+1$/m);
  const plain = await bps(['restart', run], { cwd: workspace.work.dir, env: { ...workspace.work.env, STANDIN_FAULTS: faults } });
  assert.equal(plain.exitCode, 1, 'without --retry-failed nothing is rerun');
  const retried = await bps(['restart', run, '--retry-failed'], { cwd: workspace.work.dir, env: { ...workspace.work.env, STANDIN_FAULTS: faults } });
  assert.equal(retried.exitCode, 0, retried.stderr);
  assert.match(retried.stdout, /^total\s+0\s+0\s+31\s+0\s+31$/m);
  assertEachQuantumOnce(workspace.repo, run);
  // The finalJob ran after the failure, and again after the retry: the retried quanta's outputs reach the Butler.
  const mine = readExecutions(workspace.repo).filter((e) => e.run === run);
  const finals = mine.filter((e) => e.label === 'finalJob');
  assert.equal(finals.length, 2, 'the finalJob ran twice');
  const lastPayload = mine.filter((e) => e.label !== 'finalJob').map((e) => e.end).sort().at(-1) ?? '';
  assert.ok((finals[1]?.start ?? '') >= lastPayload, 'its second run came after the last retried quantum');
});
