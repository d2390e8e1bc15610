import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { loadBpsConfig } from '../../../src/config/load.js';
import { PAYLOAD, load, loadIn, throwsConfig, writeTree, TS } from './support.js';

test('the shipped defaults are under the user file: ctrl_bps key names and values', () => {
  const { config } = load({ 'main.yaml': PAYLOAD });
  assert.equal(config.search('requestMemory'), 2048);
  assert.equal(config.search('requestCpus'), 1);
  assert.deepEqual(config.search('retryUnlessExit'), [1, 2]);
  assert.equal(config.text('defaultPreCmdOpts'), '--long-log --log-level=VERBOSE');
  assert.equal(config.text('templateDataId', { replaceVars: false }), '{tract}_{patch}_{band}_{visit}_{exposure}_{detector}');
});

test('the user file is deep-merged over the defaults: mappings merge, lists and scalars replace', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}retryUnlessExit: [3]\nfinalJob:\n  whenRun: NEVER\n` });
  assert.deepEqual(config.search('retryUnlessExit'), [3]);
  const finalJob = config.data['finalJob'] as Record<string, unknown>;
  assert.equal(finalJob['whenRun'], 'NEVER');
  assert.equal(finalJob['updateOutputChain'], '--update-output-chain', 'the other finalJob defaults stay');
});

test('command-line values beat every section (bps_cmdline)', () => {
  const yamlText = `${PAYLOAD}computeSite: local\npipetask:\n  isr:\n    butlerConfig: label-repo\n`;
  const { config } = load({ 'main.yaml': yamlText }, { cliOverrides: { butlerConfig: 'cli-repo', outputRun: 'u/cli/run', extraQgraphOptions: '--x' } });
  assert.equal(config.text('butlerConfig', { curvals: { curr_pipetask: 'isr' } }), 'cli-repo');
  assert.equal(config.run.outputRun, 'u/cli/run');
  assert.match(config.text('createQuantumGraph'), / --x$/);
});

test('a loaded config is immutable', () => {
  const { config } = load({ 'main.yaml': PAYLOAD });
  assert.throws(() => {
    (config.data as Record<string, unknown>)['requestMemory'] = 1;
  }, TypeError);
  assert.throws(() => {
    ((config.data['payload'] as Record<string, unknown>)['payloadName'] = 'other');
  }, TypeError);
});

test('YAML syntax errors are one line with file:line:column and the reason', () => {
  throwsConfig(() => load({ 'main.yaml': 'a: [1, 2\nb: c\n' }), /^YAML syntax error in main\.yaml:2:1: missed comma between flow collection entries/);
  throwsConfig(() => load({ 'main.yaml': 'a: 1\na: 2\n' }), /main\.yaml:2:\d+: duplicated mapping key/);
});

test('a syntax error in an included file names the include chain', () => {
  throwsConfig(() => load({ 'main.yaml': `${PAYLOAD}includeConfigs: bad.yaml\n`, 'bad.yaml': 'x: [\n' }), /YAML syntax error in bad\.yaml:\d+:\d+ \(included from main\.yaml\): /);
});

test('a top level that is not a mapping is refused', () => {
  throwsConfig(() => load({ 'main.yaml': '- a\n- b\n' }), /main\.yaml must hold a mapping of keys to values at its top level, not a list/);
  throwsConfig(() => load({ 'main.yaml': 'just text\n' }), /not a string/);
});

test('a missing config file is a ConfigError', () => {
  throwsConfig(() => load({ 'other.yaml': '' }), /Cannot read config file main\.yaml: ENOENT/);
});

test('user bps_cmdline / bps_defined sections are replaced, with a warning', () => {
  const { config, warnings } = load({ 'main.yaml': `${PAYLOAD}bps_defined:\n  timestamp: old\n` });
  assert.equal(config.run.timestamp, TS);
  assert.ok(warnings.some((w) => w.includes("'bps_defined' section") && w.includes('ignored')));
});

test('the defaults file is found from the package folder (src via tsx, dist compiled)', () => {
  const dir = writeTree({ 'main.yaml': PAYLOAD });
  const config = loadBpsConfig({ path: join(dir, 'main.yaml'), cwd: dir, env: {}, userName: () => 'x' });
  assert.match(config.text('runQuantumCommand', { expandEnv: false, skipNames: ['qgraphNodeId'] }), /run-qbb/);
});

test('toYaml dumps every section, the command line and the generated values', () => {
  const { config, dir } = load({ 'main.yaml': `${PAYLOAD}pipetask:\n  isr:\n    requestMemory: 4096\n` }, { cliOverrides: { extraRunQuantumOptions: '--y' } });
  const dumped = yaml.load(config.toYaml()) as Record<string, Record<string, unknown>>;
  assert.equal((dumped['pipetask']?.['isr'] as Record<string, unknown>)['requestMemory'], 4096);
  assert.deepEqual(dumped['bps_cmdline'], { extraRunQuantumOptions: '--y' });
  assert.deepEqual(dumped['bps_defined'], {
    timestamp: TS, configDir: dir, operator: 'jdoe', uniqProcName: `u_me_pc_${TS}`, submitPath: join(dir, 'submit/u/me/pc', TS),
    qgraphFile: join(dir, 'submit/u/me/pc', TS, `u_me_pc_${TS}.qg`), qgraphDotFile: join(dir, 'submit/u/me/pc', TS, `u_me_pc_${TS}.dot`),
    outputRun: `u/me/pc/${TS}`, userQgraphFile: false, computeSite: 'local',
  });
  assert.equal(dumped['createQuantumGraph'] !== undefined, true);
});

test('loadIn resolves the config path against cwd', () => {
  const dir = writeTree({ 'sub/main.yaml': PAYLOAD });
  const { config } = loadIn(dir, 'sub/main.yaml');
  assert.equal(config.run.configDir, join(dir, 'sub'));
});
