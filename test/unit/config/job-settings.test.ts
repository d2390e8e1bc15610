import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PAYLOAD, TS, load, throwsConfig } from './support.js';

test('jobSettingsFor: defaults, per-label overrides, and the raw command with per-job fields kept', () => {
  const yamlText = `${PAYLOAD}pipetask:\n  isr:\n    requestMemory: 2700\n    requestCpus: 2\n    requestWalltime: 3600\n    numberOfRetries: 0\n    retryUnlessExit: null\n    memoryMultiplier: 1.5\n`;
  const { config, dir } = load({ 'main.yaml': yamlText });
  const isr = config.jobSettingsFor('isr');
  assert.deepEqual(isr.resources, { requestCpus: 2, requestMemory: 2700, requestWalltime: 3600, requestDisk: undefined });
  assert.deepEqual(isr.retry, { numberOfRetries: 0, retryUnlessExit: [], memoryMultiplier: 1.5, memoryLimit: 491520, learnResources: false });
  const other = config.jobSettingsFor('calibrate');
  assert.deepEqual(other.resources, { requestCpus: 1, requestMemory: 2048, requestWalltime: undefined, requestDisk: undefined });
  assert.deepEqual(other.retry, { numberOfRetries: 5, retryUnlessExit: [1, 2], memoryMultiplier: 2, memoryLimit: 491520, learnResources: false });
  const qg = `${dir}/submit/u/me/pc/${TS}/u_me_pc_${TS}.qg`;
  assert.equal(other.runQuantumCommand, `\${CTRL_MPEXEC_DIR}/bin/pipetask --long-log --log-level=VERBOSE run-qbb repo ${qg} --qgraph-node-id {qgraphNodeId}`);
  assert.deepEqual(other.environment, {});
});

test('the pipetaskInit job uses pipetask.pipetaskInit.runQuantumCommand', () => {
  const { config, dir } = load({ 'main.yaml': PAYLOAD }, { cliOverrides: { extraInitOptions: '--init-x' } });
  const qg = `${dir}/submit/u/me/pc/${TS}/u_me_pc_${TS}.qg`;
  assert.equal(config.jobSettingsFor('pipetaskInit').runQuantumCommand, `\${CTRL_MPEXEC_DIR}/bin/pipetask --long-log --log-level=VERBOSE pre-exec-init-qbb repo ${qg} --init-x`);
});

test('{jobName} stays for the job, {jobLabel} is the label', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}runQuantumCommand: "run {jobLabel} {jobName} {qgraphNodeId}"\n` });
  assert.equal(config.jobSettingsFor('isr').runQuantumCommand, 'run isr {jobName} {qgraphNodeId}');
});

test('a runQuantumCommand without {qgraphNodeId} is refused (every job would run the whole graph)', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}runQuantumCommand: "pipetask run"\n` });
  throwsConfig(() => config.jobSettingsFor('isr'), /^The payload jobs' command \(runQuantumCommand in main\.yaml\) has no \{qgraphNodeId\}/);
});

// [yaml under pipetask.isr, error pattern]
const BAD_VALUES: ReadonlyArray<readonly [string, RegExp]> = [
  ['requestMemory: lots', /requestMemory for label 'isr' must be a positive number, not "lots" \(pipetask\.isr\.requestMemory in main\.yaml\)\. requestMemory is in MiB/],
  ['requestMemory: 0', /requestMemory for label 'isr' must be a positive number, not 0/],
  ['requestMemory: [1]', /requestMemory for label 'isr' must be a positive number, not \[1\]/],
  ['requestCpus: 1.5', /requestCpus for label 'isr' must be a positive whole number, not 1\.5/],
  ['requestWalltime: -1', /requestWalltime for label 'isr' must be a positive number, not -1/],
  ['requestDisk: big', /requestDisk for label 'isr' must be a positive number/],
  ['numberOfRetries: -1', /numberOfRetries for label 'isr' must be a whole number ≥ 0, not -1/],
  ['numberOfRetries: 2.5', /numberOfRetries for label 'isr' must be a whole number ≥ 0, not 2\.5/],
  ['retryUnlessExit: [1, x]', /retryUnlessExit for label 'isr' must be an exit code or a list of exit codes/],
  ['retryUnlessExit: {a: 1}', /retryUnlessExit for label 'isr' must be an exit code or a list of exit codes/],
  ['memoryMultiplier: 0.5', /memoryMultiplier for label 'isr' must be a number ≥ 1, not 0\.5/],
  ['memoryLimit: none', /memoryLimit for label 'isr' must be a positive number/],
  ['runQuantumCommand: ""', /No usable runQuantumCommand for label 'isr' \(pipetask\.isr\.runQuantumCommand in main\.yaml\)/],
  ['runQuantumCommand: [a]', /No usable runQuantumCommand for label 'isr'/],
  ['environment: [a]', /'environment' must be a mapping of variable names to values, not a list \(pipetask\.isr\.environment in main\.yaml\)/],
  ['environment: {"1X": a}', /'1X' is not a valid environment variable name/],
];

test('typed job settings: a wrong type names the key, the label and where it was set (table)', async (t) => {
  for (const [yamlLine, pattern] of BAD_VALUES) {
    await t.test(yamlLine, () => {
      const { config } = load({ 'main.yaml': `${PAYLOAD}pipetask:\n  isr:\n    ${yamlLine}\n` });
      throwsConfig(() => config.jobSettingsFor('isr'), pattern);
      assert.doesNotThrow(() => config.jobSettingsFor('calibrate'), 'other labels are fine');
    });
  }
});

test('retryUnlessExit: an int, a list, text from the command line, or null', () => {
  const cases: ReadonlyArray<readonly [string, number[]]> = [['3', [3]], ['[3, 4]', [3, 4]], ['"5,6"', [5, 6]], ['null', []]];
  for (const [value, expected] of cases) {
    assert.deepEqual(load({ 'main.yaml': `${PAYLOAD}retryUnlessExit: ${value}\n` }).config.jobSettingsFor('x').retry.retryUnlessExit, expected, value);
  }
});

test('numeric text (command-line values, quoted YAML) is accepted for numbers', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}requestMemory: "4096"\n` }, { cliOverrides: { numberOfRetries: '2' } });
  assert.equal(config.jobSettingsFor('isr').resources.requestMemory, 4096);
  assert.equal(config.jobSettingsFor('isr').retry.numberOfRetries, 2);
});

test('environment per label: the found map, {var}s and ${ENV} resolved on the submit side', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}environment:\n  A: "{payloadName}-\${HOME_X}"\npipetask:\n  isr:\n    environment:\n      B: "2"\n` }, { env: { HOME_X: '/h' } });
  assert.deepEqual(config.jobSettingsFor('calibrate').environment, { A: 'pc-/h' });
  assert.deepEqual(config.jobSettingsFor('isr').environment, { B: '2' });
});

test('finalJobSettings: the defaults (ALWAYS, aggregate-graph, 1 core, 2 GiB, retryUnlessExit 2)', () => {
  const { config, dir } = load({ 'main.yaml': PAYLOAD });
  const final = config.finalJobSettings();
  assert.equal(final.whenRun, 'ALWAYS');
  const qg = `${dir}/submit/u/me/pc/${TS}/u_me_pc_${TS}.qg`;
  assert.deepEqual(final.commands, [`\${DAF_BUTLER_DIR}/bin/butler --long-log --log-level=VERBOSE aggregate-graph ${qg} repo -j 1 --register-dataset-types --update-output-chain`]);
  assert.deepEqual(final.resources, { requestCpus: 1, requestMemory: 2048, requestWalltime: undefined, requestDisk: undefined });
  assert.deepEqual(final.retry.retryUnlessExit, [2]);
});

test('finalJob: whenRun is case-insensitive; commands run in number order; {requestCpus} comes from the section', () => {
  const yamlText = `${PAYLOAD}finalJob:\n  whenRun: success\n  requestCpus: 4\n  command10: "ten"\n  command2: "two -j {requestCpus}"\n  command1: "one"\n`;
  const final = load({ 'main.yaml': yamlText }).config.finalJobSettings();
  assert.equal(final.whenRun, 'SUCCESS');
  assert.deepEqual(final.commands, ['one', 'two -j 4', 'ten']);
  assert.equal(final.resources.requestCpus, 4);
});

test('finalJob errors: a bad whenRun, no commands', () => {
  throwsConfig(() => load({ 'main.yaml': `${PAYLOAD}finalJob:\n  whenRun: SOMETIMES\n` }).config.finalJobSettings(), /^Invalid value for finalJob\.whenRun: 'SOMETIMES'\. Use ALWAYS, SUCCESS or NEVER\. It is set at finalJob\.whenRun in main\.yaml/);
  throwsConfig(() => load({ 'main.yaml': `${PAYLOAD}finalJob:\n  command1: null\n` }).config.finalJobSettings(), /No usable command1 for label 'finalJob'/);
  const never = load({ 'main.yaml': `${PAYLOAD}finalJob:\n  whenRun: NEVER\n` }).config.finalJobSettings();
  assert.deepEqual([never.whenRun, never.commands], ['NEVER', []]);
});

test('requiredPayload: the payload keys, checked up front', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}pipelineYaml: DRP.yaml\n` });
  const payload = config.requiredPayload();
  assert.equal(payload.payloadName, 'pc');
  assert.equal(payload.pipelineYaml, 'DRP.yaml');
  assert.equal(payload.outputRun, `u/me/pc/${TS}`);
  assert.equal(payload.runInit, true);
  assert.equal(payload.userQgraphFile, false);
});

// [what to change in a valid payload, error pattern]
const MISSING: ReadonlyArray<readonly [string, RegExp]> = [
  ['', /^Missing 'pipelineYaml' in the config: give pipelineYaml \(or qgraphFile \/ -g/],
  ['pipelineYaml: p.yaml\npayload:\n  butlerConfig: ""\n', /^Missing 'butlerConfig' in the config: it is required\. Set butlerConfig \(usually under payload:\) or pass -b/],
  ['pipelineYaml: p.yaml\npayload:\n  inCollection: null\n', /^Missing 'inCollection' in the config/],
  ['pipelineYaml: p.yaml\npayload:\n  payloadName: null\n', /^Missing 'payloadName' in the config/],
  ['pipelineYaml: p.yaml\npayload:\n  dataQuery: ""\n', /^Missing 'dataQuery' in the config: it selects the data to process/],
  ['pipelineYaml: p.yaml\npayload:\n  runInit: maybe\n', /runInit must be true or false, not "maybe"/],
];

test('requiredPayload: each missing key is a clear error (table)', async (t) => {
  for (const [change, pattern] of MISSING) {
    await t.test(pattern.source, () => {
      const { config } = load({ 'main.yaml': `includeConfigs: base.yaml\n${change}`, 'base.yaml': PAYLOAD });
      throwsConfig(() => config.requiredPayload(), pattern);
    });
  }
});

test('requiredPayload: with a qgraphFile, pipelineYaml and dataQuery are not needed', () => {
  const { config } = load({ 'main.yaml': PAYLOAD.replace('  dataQuery: x\n', '') }, { cliOverrides: { qgraphFile: '/g/old.qg' } });
  const payload = config.requiredPayload();
  assert.deepEqual([payload.userQgraphFile, payload.qgraphFile, payload.pipelineYaml, payload.dataQuery], [true, '/g/old.qg', '', '']);
});

test('requestMemoryMax (ctrl_bps, per label) caps the growing memory request below memoryLimit', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}memoryLimit: 65536\npipetask:\n  isr:\n    requestMemoryMax: 8192\n  calibrate:\n    requestMemoryMax: 100000\n` });
  assert.equal(config.jobSettingsFor('isr').retry.memoryLimit, 8192);
  assert.equal(config.jobSettingsFor('calibrate').retry.memoryLimit, 65536);
  assert.equal(config.jobSettingsFor('deblend').retry.memoryLimit, 65536);
});
