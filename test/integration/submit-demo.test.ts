import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { execa } from 'execa';
import { join } from 'node:path';
import { BPS, bps, DEMO_CONFIG, useDemoWorkspace } from '../support/bps-cli.js';
import { readDot, readExecutions } from '../support/standin.js';

const DEMO_COUNTS: Record<string, number> = {
  isr: 5, characterizeImage: 5, calibrate: 5, skyCorrectionTask: 5, consolidateVisitSummary: 1, makeWarp: 1,
  assembleCoadd: 1, detection: 1, mergeDetections: 1, deblend: 1, measure: 1, mergeMeasurements: 1, forcedPhotCoadd: 1,
};

const workspace = useDemoWorkspace();

test('bps submit runs the demo to 29 succeeded quanta (+ init, + final), parents first, each exactly once', async () => {
  const submit = await bps(['submit', DEMO_CONFIG, '-b', workspace.repo], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(submit.exitCode, 0, submit.stderr);
  const submitDir = /^Submit dir: (.+)$/m.exec(submit.stdout)?.[1] ?? '';
  const runName = /^Run Name: (.+)$/m.exec(submit.stdout)?.[1] ?? '';
  assert.match(submit.stdout, /^Run Id: \S+$/m);
  assert.match(runName, /^shared\/parsl_patch_test_\d{8}T\d{6}Z$/);
  assert.ok(existsSync(join(submitDir, 'bps.sqlite')));
  assert.ok(existsSync(join(submitDir, 'quantumGraphGeneration.out')));
  assert.match(submit.stdout, /^total\s+0\s+0\s+31\s+0\s+31$/m);
  for (const [label, count] of Object.entries(DEMO_COUNTS)) {
    assert.match(submit.stdout, new RegExp(`^${label}\\s+0\\s+0\\s+${count}\\s+0\\s+${count}$`, 'm'), label);
  }

  const executions = readExecutions(workspace.repo).filter((e) => e.quantumId !== null);
  assert.equal(executions.length, 29);
  assert.equal(new Set(executions.map((e) => e.quantumId)).size, 29);
  assert.ok(executions.every((e) => e.status === 'succeeded'));
  const { edges } = readDot(join(submitDir, `${runName.replaceAll('/', '_')}.dot`));
  const ended = new Map(executions.map((e) => [e.quantumId, Date.parse(e.end)]));
  const started = new Map(executions.map((e) => [e.quantumId, Date.parse(e.start)]));
  assert.ok(edges.length > 0);
  for (const [parent, child] of edges) assert.ok((ended.get(parent) as number) <= (started.get(child) as number), `${parent} before ${child}`);
  const steps = readExecutions(workspace.repo).filter((e) => e.quantumId === null).map((e) => e.label);
  assert.deepEqual(steps, ['pipetaskInit', 'finalJob']);

  const status = await bps(['status', runName, '--json'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(status.exitCode, 0, status.stderr);
  const report = JSON.parse(status.stdout) as { run: { state: string; driverAlive: boolean }; totals: Record<string, number> };
  assert.equal(report.run.state, 'SUCCEEDED');
  assert.equal(report.run.driverAlive, false);
  assert.deepEqual(report.totals, { pending: 0, running: 0, succeeded: 31, failed: 0, pruned: 0, total: 31, held: 0 });
});

test('nothing bps-ts or its jobs create in the submit folder is world-writable, even under umask 000', async () => {
  const run = 'u/test/umask';
  const result = await execa('sh', ['-c', 'umask 000; exec "$0" "$@"', BPS, 'submit', DEMO_CONFIG, '-b', workspace.repo, '--output-run', run, '--quiet'], {
    cwd: workspace.work.dir, env: workspace.work.env, extendEnv: false, reject: false,
  });
  assert.equal(result.exitCode, 0, String(result.stderr));
  const submitDir = join(workspace.work.dir, 'submit', run);
  const writable: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if ((statSync(path).mode & 0o002) !== 0) writable.push(path);
      if (entry.isDirectory()) walk(path);
    }
  };
  walk(submitDir);
  assert.ok((statSync(submitDir).mode & 0o002) === 0);
  assert.deepEqual(writable, []);
});

test("the shipped example's outCollection: one INFO notice per submission, nothing on status or report", async () => {
  const run = 'u/test/out-collection';
  const submit = await bps(['submit', DEMO_CONFIG, '-b', workspace.repo, '--output-run', run, '--quiet'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(submit.exitCode, 0, submit.stderr);
  assert.equal(submit.stderr.match(/outCollection/g)?.length, 1, submit.stderr);
  assert.match(submit.stderr, /^bps INFO: 'outCollection' is gen3_workflow's name for 'outputRun'/m);
  assert.doesNotMatch(submit.stderr, /WARNING/);
  for (const args of [['status', run], ['report', run], ['restart', run]]) {
    const result = await bps(args, { cwd: workspace.work.dir, env: workspace.work.env });
    assert.doesNotMatch(result.stderr, /outCollection/, args.join(' '));
  }
  const quiet = await bps(['--log-level', 'WARNING', 'transform', DEMO_CONFIG, '-b', workspace.repo, '--output-run', `${run}-t`], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(quiet.exitCode, 0, quiet.stderr);
  assert.doesNotMatch(quiet.stderr, /outCollection/, 'a notice, not a warning: --log-level WARNING hides it');
});

test('bps report and bps report --json list the runs in the same order, newest first', async () => {
  const table = await bps(['report'], { cwd: workspace.work.dir, env: workspace.work.env });
  const json = await bps(['report', '--json'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(table.exitCode, 0, table.stderr);
  assert.equal(json.exitCode, 0, json.stderr);
  const fromJson = (JSON.parse(json.stdout) as Array<{ run: string }>).map((r) => r.run);
  const fromTable = table.stdout.split('\n').slice(2).filter((l) => l.trim() !== '').map((l) => l.trim().split(/\s+/).at(-1));
  assert.deepEqual(fromTable, fromJson);
  const at = (run: string) => fromJson.indexOf(run);
  assert.ok(at('u/test/out-collection') >= 0 && at('u/test/out-collection') < at('u/test/umask'), fromJson.join(' '));
  assert.ok(at('u/test/umask') < fromJson.findIndex((r) => r.startsWith('shared/parsl_patch_test_')), fromJson.join(' '));
});
