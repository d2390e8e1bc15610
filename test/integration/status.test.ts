import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { JobState } from '../../src/model/job-state.js';
import { BPS, bps, DEMO_CONFIG, useDemoWorkspace } from '../support/bps-cli.js';
import { schemaErrors } from '../support/json-schema.js';
import { cursorUps, ESC, runInPty } from '../support/pty.js';

const workspace = useDemoWorkspace();

interface StatusJson {
  run: { state: string; driverAlive: boolean };
  totals: { running: number; succeeded: number; total: number };
}

function withFaults(name: string, rules: string): Record<string, string> {
  const path = join(workspace.work.dir, `${name}.yaml`);
  writeFileSync(path, rules);
  return { ...workspace.work.env, STANDIN_FAULTS: path };
}

async function statusJson(run: string): Promise<StatusJson> {
  const result = await bps(['status', run, '--json'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(result.exitCode, 0, result.stderr);
  return JSON.parse(result.stdout) as StatusJson;
}

async function waitForStatus(run: string, what: string, check: (s: StatusJson) => boolean): Promise<void> {
  for (let end = Date.now() + 60_000; Date.now() < end; await sleep(100)) if (check(await statusJson(run))) return;
  throw new Error(`timed out waiting for ${what}`);
}

async function detach(run: string, env: Record<string, string>): Promise<void> {
  const result = await bps(['submit', DEMO_CONFIG, '-b', workspace.repo, '--output-run', run, '--detach'], { cwd: workspace.work.dir, env });
  assert.equal(result.exitCode, 0, result.stderr);
}

test('the --exit-code values are ctrl_bps WmsStates (docs/ARCHITECTURE.md, "Job states")', () => {
  assert.deepEqual(JobState, { SUCCEEDED: 0, UNKNOWN: 10, MISFIT: 11, UNREADY: 12, READY: 13, PENDING: 14, RUNNING: 15, DELETED: 16, HELD: 17, FAILED: 19, PRUNED: 20 });
});

test('status --watch follows a run to its end: a table per refresh off a terminal, redrawn on one, JSON lines with --json', async () => {
  const run = 'u/test/watched';
  await detach(run, { ...workspace.work.env, STANDIN_TIME_SCALE: '1' });
  await waitForStatus(run, 'the driver to start', (s) => s.run.state === 'RUNNING' && s.run.driverAlive);
  const running = await bps(['status', run, '--exit-code'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(running.exitCode, 15, 'RUNNING');

  const opts = { cwd: workspace.work.dir, env: workspace.work.env };
  const [plainWatch, jsonWatch, ttyWatch] = await Promise.all([
    bps(['status', run, '--watch', '--interval', '0.3', '--exit-code'], opts),
    bps(['status', run, '--watch', '--interval', '0.3', '--json'], opts),
    runInPty([BPS, 'status', run, '--watch', '--interval', '0.3'], opts),
  ]);

  assert.equal(plainWatch.exitCode, 0, plainWatch.stderr);
  assert.ok(!plainWatch.stdout.includes(ESC), 'no escape code off a terminal');
  const frames = plainWatch.stdout.split('\n\n');
  assert.ok(frames.length >= 2, `one table per refresh (${frames.length})`);
  for (const frame of frames) assert.match(frame, /^\S+Z {2}u\/test\/watched {2}[A-Z]+\ntask type\s+pending\s+running\s+succeeded\s+failed\s+total\n/);
  assert.match(frames[0] ?? '', /^\S+ {2}u\/test\/watched {2}RUNNING$/m);
  assert.match(frames.at(-1) ?? '', /^\S+ {2}u\/test\/watched {2}SUCCEEDED\n[\s\S]*\ntotal\s+0\s+0\s+31\s+0\s+31\s*$/);

  assert.equal(jsonWatch.exitCode, 0, jsonWatch.stderr);
  const lines = jsonWatch.stdout.trimEnd().split('\n');
  assert.ok(lines.length >= 2, `one JSON object per refresh (${lines.length})`);
  const reports = lines.map((line) => JSON.parse(line) as StatusJson);
  for (const report of reports) assert.deepEqual(schemaErrors('status', report), []);
  assert.deepEqual([reports.at(-1)?.run.state, reports.at(-1)?.run.driverAlive, reports.at(-1)?.totals.succeeded], ['SUCCEEDED', false, 31]);

  assert.equal(ttyWatch.exitCode, 0, ttyWatch.output);
  assert.ok(cursorUps(ttyWatch.output).length >= 1, 'redrawn in place on a terminal');
  assert.match(ttyWatch.output, /\ntotal\s+0\s+0\s+31\s+0\s+31\s*$/, 'the last frame stays on screen');
});

test('Ctrl-C ends the watch quietly with 130 and leaves the run alone; a cancelled run exits 16 (DELETED)', async () => {
  const run = 'u/test/ctrl-c';
  await detach(run, withFaults('hang', '- {label: characterizeImage, hang: true}\n'));
  const watcher = execa(BPS, ['status', run, '--watch', '--interval', '0.2'], { cwd: workspace.work.dir, env: workspace.work.env, extendEnv: false, reject: false });
  let seen = '';
  watcher.stdout?.on('data', (chunk: Buffer) => (seen += chunk.toString()));
  for (let end = Date.now() + 30_000; !seen.includes('task type') && Date.now() < end;) await sleep(50);
  watcher.kill('SIGINT');
  const stopped = await watcher;
  assert.equal(stopped.exitCode, 130);
  assert.equal(String(stopped.stderr), '', 'quietly');
  assert.equal((await statusJson(run)).run.driverAlive, true, 'the driver keeps running');

  const cancel = await bps(['cancel', run], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(cancel.exitCode, 0, cancel.stderr);
  const deleted = await bps(['status', run, '--exit-code'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(deleted.exitCode, 16);
});

test('a failed run: --exit-code 19 (FAILED), with or without --watch (one table: no driver will change it)', async () => {
  const run = 'u/test/failed';
  const env = withFaults('fail', '- {label: calibrate, dataId: {detector: 94}, exitCode: 1}\n');
  const submit = await bps(['submit', DEMO_CONFIG, '-b', workspace.repo, '--output-run', run], { cwd: workspace.work.dir, env });
  assert.equal(submit.exitCode, 1, submit.stderr);
  const plain = await bps(['status', run, '--exit-code'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(plain.exitCode, 19);
  const watched = await bps(['status', run, '--watch', '--exit-code'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(watched.exitCode, 19);
  assert.match(watched.stderr, /^Run 'u\/test\/failed' ended FAILED: exit 19\.$/m);
  const watchedAlone = await bps(['status', run, '--watch'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(watchedAlone.exitCode, 19, 'a watch exits with the state code, --exit-code or not');
  assert.equal(watched.stdout.match(/^task type/gm)?.length, 1);
  assert.match(watched.stdout, /^\S+Z {2}u\/test\/failed {2}FAILED$/m);
  const without = await bps(['status', run], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(without.exitCode, 0, 'without --exit-code, status exits 0 whatever the state');
});

test('status --watch of a run whose driver dies unfinished exits 15 (RUNNING) and says to restart it', async () => {
  const run = 'u/test/watch-killed';
  await detach(run, withFaults('hang-watch', '- {label: characterizeImage, hang: true}\n'));
  await waitForStatus(run, 'a running job', (s) => s.totals.running > 0);
  const watcher = bps(['status', run, '--watch', '--interval', '0.2'], { cwd: workspace.work.dir, env: workspace.work.env });
  await sleep(500);
  const pid = Number(readFileSync(join(workspace.work.dir, 'submit', run, 'driver.pid'), 'utf8').split('\n')[0]);
  process.kill(pid, 'SIGKILL');
  const watched = await watcher;
  assert.equal(watched.exitCode, 15, watched.stderr);
  assert.match(watched.stderr, /^The driver of 'u\/test\/watch-killed' is gone with the run unfinished \(RUNNING\): exit 15\. Resume it with 'bps restart u\/test\/watch-killed'\.$/m);
  const cancel = await bps(['cancel', run], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(cancel.exitCode, 0, cancel.stderr);
});

test('--interval: a positive number of seconds, and only with --watch (usage errors exit 2)', async () => {
  const opts = { cwd: workspace.work.dir, env: workspace.work.env };
  const zero = await bps(['status', 'u/test/failed', '--watch', '--interval', '0'], opts);
  assert.equal(zero.exitCode, 2);
  assert.match(zero.stderr, /^Error: option '--interval <seconds>' argument '0' is invalid\. Give the number of seconds between refreshes, 0\.1 or more\./m);
  const alone = await bps(['status', 'u/test/failed', '--interval', '5'], opts);
  assert.equal(alone.exitCode, 2);
  assert.match(alone.stderr, /--interval only applies with --watch/);
});
