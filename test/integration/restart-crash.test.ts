import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { execa } from 'execa';
import { BPS, bps, DEMO_CONFIG, makeWorkDir } from '../support/bps-cli.js';
import { makeTempRepo, readExecutions, removeTempRepo } from '../support/standin.js';

let work: ReturnType<typeof makeWorkDir>;
let repo: string;
before(() => {
  work = makeWorkDir();
  repo = makeTempRepo();
});
after(() => {
  work.cleanup();
  removeTempRepo(repo);
});

async function waitFor(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Starts `bps submit` and SIGKILLs the driver once `when` holds; returns the submit dir and run name. */
async function submitAndKill(outputRun: string, when: (submitDir: string) => boolean): Promise<string> {
  const env = { ...work.env, STANDIN_TIME_SCALE: '1' };
  const child = execa(BPS, ['submit', DEMO_CONFIG, '-b', repo, '--output-run', outputRun], { cwd: work.dir, env, extendEnv: false, reject: false });
  const submitDir = join(work.dir, 'submit', outputRun);
  await waitFor(() => when(submitDir), 'the kill point');
  child.kill('SIGKILL');
  await child;
  return submitDir;
}

function assertExactlyOnce(run: string): void {
  const executions = readExecutions(repo).filter((e) => e.run === run && e.quantumId !== null);
  const succeeded = executions.filter((e) => e.status === 'succeeded');
  assert.equal(new Set(succeeded.map((e) => e.quantumId)).size, 29, 'every quantum succeeded');
  assert.equal(succeeded.length, 29, 'no quantum succeeded twice');
}

for (const [name, killPoint] of [
  ['before any job ran', (dir: string) => existsSync(join(dir, 'bps.sqlite'))],
  ['while jobs run', (dir: string) => existsSync(join(dir, 'logging')) && readdirSync(join(dir, 'logging')).filter((f) => f.endsWith('.exit')).length >= 8],
] as const) {
  test(`SIGKILL the driver ${name}, then restart: the run completes and no quantum runs twice`, async () => {
    const run = `u/test/crash-${name.split(' ')[0]}`;
    const submitDir = await submitAndKill(run, killPoint);
    const status = await bps(['status', submitDir, '--json'], { cwd: work.dir, env: work.env });
    assert.equal(status.exitCode, 0, status.stderr);
    assert.equal((JSON.parse(status.stdout) as { run: { driverAlive: boolean } }).run.driverAlive, false);
    const restart = await bps(['restart', run], { cwd: work.dir, env: work.env });
    assert.equal(restart.exitCode, 0, restart.stderr);
    assert.match(restart.stdout, /^total\s+0\s+0\s+31\s+0\s+31$/m);
    assertExactlyOnce(run);
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
  const detached = await bps(['restart', run, '--detach'], { cwd: work.dir, env: { ...work.env, STANDIN_TIME_SCALE: '1' } });
  assert.equal(detached.exitCode, 0, detached.stderr);
  const second = await bps(['restart', run], { cwd: work.dir, env: work.env });
  assert.equal(second.exitCode, 1);
  assert.match(second.stderr, /^Error: Run 'u\/test\/second-driver' is already being driven by pid \d+ on host .+ Watch it with 'bps status/m);
  await waitFor(() => !existsSync(join(submitDir, 'driver.pid')), 'the detached driver to finish', 90_000);
  const status = await bps(['status', run, '--json'], { cwd: work.dir, env: work.env });
  assert.equal((JSON.parse(status.stdout) as { run: { state: string } }).run.state, 'SUCCEEDED');
  assertExactlyOnce(run);
});
