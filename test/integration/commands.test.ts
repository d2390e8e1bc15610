import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bps, DEMO_CONFIG, useDemoWorkspace } from '../support/bps-cli.js';
import { assertEachQuantumOnce, readExecutions } from '../support/standin.js';

const workspace = useDemoWorkspace();

function config(name: string, yaml: string): string {
  const path = join(workspace.work.dir, `${name}.yaml`);
  writeFileSync(path, `includeConfigs:\n  - ${DEMO_CONFIG}\n${yaml}`);
  return path;
}

test('a 2021 gen3_workflow-style command runs as written: {qgraphId} filled, <FILE:…> and <ENV:…> resolved, commandPrepend through bash, finalJob command2 after command1', async () => {
  const path = config('old-commands', `runQuantumCommand: "\${CTRL_MPEXEC_DIR}/bin/pipetask --long-log run -b {butlerConfig} --output-run {outputRun} --extend-run --skip-init-writes --qgraph <FILE:runQgraphFile> --no-versions --qgraph-id {qgraphId} --qgraph-node-id {qgraphNodeId}"
commandPrepend: time
environment:
  MARK: from-the-environment
finalJob:
  command2: "echo second <ENV:MARK> >> {submitPath}/order.txt"
`);
  const run = 'u/test/old-commands';
  const submit = await bps(['submit', path, '-b', workspace.repo, '--output-run', run, '--quiet'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(submit.exitCode, 0, submit.stderr);
  assertEachQuantumOnce(workspace.repo, run);
  const executions = readExecutions(workspace.repo).filter((e) => e.run === run && e.quantumId !== null);
  // pipetask run checks --qgraph-id against the graph: every job got the ID pipetask printed.
  assert.ok(executions.every((e) => e.command === 'run'), 'the jobs ran pipetask run');
  const submitDir = join(workspace.work.dir, 'submit', run);
  assert.equal(readFileSync(join(submitDir, 'order.txt'), 'utf8'), 'second from-the-environment\n');
  const final = readExecutions(workspace.repo).find((e) => e.run === run && e.label === 'finalJob');
  assert.ok(final, 'command1 (butler aggregate-graph) ran before command2');
  // commandPrepend: time ran every job through bash, whose `time` reports on the job's stderr.
  const errs = readdirSync(join(submitDir, 'logging')).filter((f) => f.endsWith('.err'));
  assert.equal(errs.length, 31);
  for (const err of errs) assert.match(readFileSync(join(submitDir, 'logging', err), 'utf8'), /^real\s/m, err);
});

test('refused before anything is made: a payload command without {qgraphNodeId}, an init command with it, an unset {name}', async () => {
  const cases: Array<[string, string, RegExp]> = [
    ['no-node-id', 'runQuantumCommand: "${CTRL_MPEXEC_DIR}/bin/pipetask run-qbb {butlerConfig} {qgraphFile}"\n', /The payload jobs' command \(runQuantumCommand in no-node-id\.yaml\) has no \{qgraphNodeId\}: every job would run the whole QuantumGraph\. Add --qgraph-node-id/],
    ['init-node-id', 'pipetask:\n  pipetaskInit:\n    runQuantumCommand: "${CTRL_MPEXEC_DIR}/bin/pipetask pre-exec-init-qbb {butlerConfig} {qgraphFile} --qgraph-node-id {qgraphNodeId}"\n', /The pipetaskInit job's command \(pipetask\.pipetaskInit\.runQuantumCommand in init-node-id\.yaml\) has \{qgraphNodeId\}, but that job runs no quanta/],
    ['unset-name', 'extraRunQuantumOptions: "--extra {nosuchValue}"\n', /refers to \{nosuchValue\}, which is not set\. Set nosuchValue in the config, or remove it from the command/],
    ['bad-file', 'extraRunQuantumOptions: "--config <FILE:nosuchFile>"\n', /refers to <FILE:nosuchFile>, but no nosuchFile is set/],
  ];
  for (const [name, yaml, pattern] of cases) {
    const run = `u/test/${name}`;
    const result = await bps(['submit', config(name, yaml), '-b', workspace.repo, '--output-run', run], { cwd: workspace.work.dir, env: workspace.work.env });
    assert.equal(result.exitCode, 1, result.stderr);
    assert.match(result.stderr.trimEnd().split('\n').at(-1) ?? '', pattern);
    assert.ok(!readdirSync(join(workspace.work.dir)).includes('submit') || !readdirSync(join(workspace.work.dir, 'submit', 'u', 'test')).includes(name), `no folder for ${name}`);
    assert.equal(readExecutions(workspace.repo).filter((e) => e.run === run).length, 0);
  }
});
