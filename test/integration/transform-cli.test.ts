import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { splitCommandLine } from '../../src/process/argv.js';
import { bps, DEMO_CONFIG, useDemoWorkspace } from '../support/bps-cli.js';
import { removeTempRepo } from '../support/standin.js';

const workspace = useDemoWorkspace();

test('bps transform prints the submit dir and 29 payload jobs (+ init, + final) by label', async () => {
  const result = await bps(['transform', DEMO_CONFIG, '-b', workspace.repo], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.match(result.stdout, /^Submit dir: \/.+\/submit\/shared\/parsl_patch_test_\d{8}T\d{6}Z$/m);
  assert.match(result.stdout, /^pipetaskInit\s+1\s+0$/m);
  assert.match(result.stdout, /^isr\s+5\s+5$/m);
  assert.match(result.stdout, /^forcedPhotCoadd\s+1\s+1$/m);
  assert.match(result.stdout, /^finalJob\s+1\s+0$/m);
  assert.match(result.stdout, /^total\s+31\s+29$/m);
  assert.match(result.stderr, /QuantumGraph contains 29 quanta for 13 tasks/);
  const submitDir = /^Submit dir: (.+)$/m.exec(result.stdout)?.[1] as string;
  assert.ok(readdirSync(submitDir).some((f) => f.endsWith('_config.yaml')));
  assert.ok(!existsSync(join(submitDir, 'bps.sqlite')), 'transform writes no run state');
});

test('hostile values stay one literal argv word; nothing is executed; a failing graph build exits with its code', async () => {
  const marker = join(workspace.work.dir, 'pwned');
  const hostile = `tract=3828; touch ${marker}-1 $(touch ${marker}-2) \`touch ${marker}-3\``;
  const result = await bps(['submit', DEMO_CONFIG, '-b', workspace.repo, '-d', hostile, '--output-run', 'u/test/hostile'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(result.exitCode, 1);
  assert.match(result.stderr, /^Error: Generating quantum graph failed with non-zero exit code \(1\)\. Check .*quantumGraphGeneration\.out for more details\.$/m);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  for (const n of [1, 2, 3]) assert.ok(!existsSync(`${marker}-${n}`), `marker ${n} must not exist`);
  const log = readFileSync(join(workspace.work.dir, 'submit/u/test/hostile/quantumGraphGeneration.out'), 'utf8');
  const argv = splitCommandLine(log.split('\n')[0] as string);
  assert.equal(argv[argv.indexOf('-d') + 1], hostile);
});

test('a submit dir holding a run is refused, one a transform left is reused; a missing config is one clear line', async () => {
  const first = await bps(['transform', DEMO_CONFIG, '-b', workspace.repo, '--output-run', 'u/test/twice'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(first.exitCode, 0, first.stderr);
  // A transform makes no run: its folder does not block the next submission of the same name.
  const prepared = await bps(['prepare', DEMO_CONFIG, '-b', workspace.repo, '--output-run', 'u/test/twice'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(prepared.exitCode, 0, prepared.stderr);
  assert.match(prepared.stderr, /Reusing .*u\/test\/twice, which an earlier submission left without a run/);
  const second = await bps(['transform', DEMO_CONFIG, '-b', workspace.repo, '--output-run', 'u/test/twice'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(second.exitCode, 1);
  assert.match(second.stderr, /^Error: Submit directory '.*u\/test\/twice' already holds a run\. To resume that run use 'bps restart .*'; for a new one give another --output-run, or keep \{timestamp\} in outputRun/m);
  const missing = await bps(['submit', 'nope.yaml'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(missing.exitCode, 1);
  assert.equal(missing.stderr.trim().split('\n').length, 1);
  const usage = await bps(['submit', '--no-such-option', DEMO_CONFIG], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(usage.exitCode, 2);
});

test('a given qgraphFile skips graph generation, and its missing dot export is re-made with -g', async () => {
  const { buildDemoGraph } = await import('../support/standin.js');
  const { rmSync } = await import('node:fs');
  const built = await buildDemoGraph(workspace.repo, { run: 'u/test/given' });
  assert.equal(built.result.exitCode, 0, built.result.stderr);
  rmSync(built.dot);
  const result = await bps(['transform', DEMO_CONFIG, '-b', workspace.repo, '-g', built.qgraph, '--output-run', 'u/test/given'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(result.exitCode, 0, result.stderr);
  const submitDir = /^Submit dir: (.+)$/m.exec(result.stdout)?.[1] as string;
  assert.ok(!existsSync(join(submitDir, 'quantumGraphGeneration.out')), 'no graph generation');
  assert.ok(existsSync(join(submitDir, 'quantumGraphDot.out')), 'the dot export was re-made');
  assert.match(result.stdout, /^total\s+31\s+29$/m);
});
