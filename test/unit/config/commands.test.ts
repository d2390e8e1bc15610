import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PAYLOAD, TS, load, throwsConfig } from './support.js';

test('<ENV:NAME> becomes ${NAME} for the execute side; <FILE:runQgraphFile> the run\'s graph; <FILE:key> a key\'s path, resolved again', () => {
  const { config, dir } = load({
    'main.yaml': `${PAYLOAD}calibs: "<ENV:CALIB_ROOT>/calibs.yaml"\nrunQuantumCommand: "pipetask run-qbb <ENV:REPO> <FILE:runQgraphFile> --config-file <FILE:calibs> --qgraph-node-id {qgraphNodeId}"\n`,
  });
  const qg = `${dir}/submit/u/me/pc/${TS}/u_me_pc_${TS}.qg`;
  assert.equal(config.jobSettingsFor('isr').runQuantumCommand, `pipetask run-qbb \${REPO} ${qg} --config-file \${CALIB_ROOT}/calibs.yaml --qgraph-node-id {qgraphNodeId}`);
});

test('a command with a {name} that is not set, an unknown <FILE:key>, a loop of <FILE:…> or a bpsEval is refused by name', () => {
  const cases: Array<[string, RegExp]> = [
    ['runQuantumCommand: "pipetask run {nosuch} --qgraph-node-id {qgraphNodeId}"', /^The isr job's command \(runQuantumCommand in main\.yaml\) refers to \{nosuch\}, which is not set\./],
    ['runQuantumCommand: "pipetask run <FILE:nosuch> --qgraph-node-id {qgraphNodeId}"', /runQuantumCommand in main\.yaml refers to <FILE:nosuch>, but no nosuch is set/],
    ['a: "<FILE:b>"\nb: "<FILE:a>"\nrunQuantumCommand: "pipetask run <FILE:a> --qgraph-node-id {qgraphNodeId}"', /refer to each other without end/],
    ['runQuantumCommand: "pipetask run <FILE:x --qgraph-node-id {qgraphNodeId}"', /malformed placeholder '<FILE:x --qgraph-node-id/],
    ['v: "bpsEval(max, [1, 3])"\nrunQuantumCommand: "pipetask run -c x:{v} --qgraph-node-id {qgraphNodeId}"', /holds a bpsEval\(…\) value, which bps-ts cannot evaluate/],
    ['runQuantumCommand: "pipetask run-qbb repo g.qg"', /^The payload jobs' command \(runQuantumCommand in main\.yaml\) has no \{qgraphNodeId\}/],
  ];
  for (const [yaml, pattern] of cases) {
    const { config } = load({ 'main.yaml': `${PAYLOAD}${yaml}\n` });
    throwsConfig(() => config.jobSettingsFor('isr'), pattern);
  }
});

test('{qgraphId} and the per-job values stay for later; init and final jobs may not have {qgraphNodeId}', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}runQuantumCommand: "pipetask run --qgraph-id {qgraphId} --qgraph-node-id {qgraphNodeId} {jobName}"\n` });
  assert.equal(config.jobSettingsFor('isr').runQuantumCommand, 'pipetask run --qgraph-id {qgraphId} --qgraph-node-id {qgraphNodeId} {jobName}');
  const init = load({ 'main.yaml': `${PAYLOAD}pipetask:\n  pipetaskInit:\n    runQuantumCommand: "pipetask run --init-only --qgraph-node-id {qgraphNodeId}"\n` });
  throwsConfig(() => init.config.jobSettingsFor('pipetaskInit'), /^The pipetaskInit job's command \(pipetask\.pipetaskInit\.runQuantumCommand in main\.yaml\) has \{qgraphNodeId\}, but that job runs no quanta\./);
  const final = load({ 'main.yaml': `${PAYLOAD}finalJob:\n  command2: "echo {qgraphNodeId}"\n` });
  throwsConfig(() => final.config.finalJobSettings(), /^The finalJob job's command \(finalJob\.command2 in main\.yaml\) has \{qgraphNodeId\}/);
});

test('finalJob command1, command2 … in number order; fileDistributionEndPoint is "" as in ctrl_bps', () => {
  const { config, warnings } = load({ 'main.yaml': `${PAYLOAD}finalJob:\n  command10: "echo ten"\n  command2: "echo two {fileDistributionEndPoint}"\n` });
  const commands = config.finalJobSettings().commands;
  assert.equal(commands.length, 3);
  assert.deepEqual(commands.slice(1), ['echo two', 'echo ten']);
  assert.deepEqual(warnings, []);
});
