import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { collectionTimestamp } from '../../../src/config/run-names.js';
import { PAYLOAD, TS, load, throwsConfig } from './support.js';

test('timestamp: UTC YYYYMMDDTHHMMSSZ, fixed once per load from the injected clock', () => {
  assert.equal(collectionTimestamp(new Date('2021-11-17T15:50:08.123Z')), '20211117T155008Z');
  assert.equal(collectionTimestamp(new Date('2024-01-02T03:04:05+02:00')), '20240102T010405Z');
  const { config } = load({ 'main.yaml': PAYLOAD });
  assert.equal(config.search('timestamp'), TS);
  assert.equal(config.run.timestamp, TS);
  assert.equal(config.run.outputRun, `u/me/pc/${TS}`);
});

test('operator: the login name unless set; the default outputRun is u/{operator}/{payloadName}/{timestamp}', () => {
  const defaults = PAYLOAD.replace('  outputRun: u/me/pc/{timestamp}\n', '');
  assert.equal(load({ 'main.yaml': defaults }).config.run.outputRun, `u/jdoe/pc/${TS}`);
  const set = load({ 'main.yaml': `operator: jchiang\n${defaults}` }).config;
  assert.equal(set.run.operator, 'jchiang');
  assert.equal(set.run.outputRun, `u/jchiang/pc/${TS}`);
  assert.equal(set.data['bps_defined'] !== undefined && (set.data['bps_defined'] as Record<string, unknown>)['operator'], undefined, 'not generated when set');
});

test('uniqProcName: outputRun with / → _ unless set; submitPath default ${PWD}/submit/{outputRun}', () => {
  const { config, dir } = load({ 'main.yaml': PAYLOAD });
  assert.equal(config.search('uniqProcName'), `u_me_pc_${TS}`);
  assert.equal(config.search('submitPath'), join(dir, 'submit/u/me/pc', TS));
  assert.equal(config.run.submitPath, join(dir, 'submit/u/me/pc', TS));
  const own = load({ 'main.yaml': `${PAYLOAD}uniqProcName: mine_{timestamp}\nsubmitPath: rel/{uniqProcName}\n` });
  assert.equal(own.config.run.uniqProcName, `mine_${TS}`);
  assert.equal(own.config.run.submitPath, join(own.dir, `rel/mine_${TS}`), 'a relative submitPath is taken from the working directory');
});

test('qgraphFile: {submitPath}/{uniqProcName}.qg unless the user gave one, which means "skip generation"', () => {
  const { config, dir } = load({ 'main.yaml': PAYLOAD });
  const submit = join(dir, 'submit/u/me/pc', TS);
  assert.equal(config.search('qgraphFile'), join(submit, `u_me_pc_${TS}.qg`));
  assert.equal(config.search('qgraphDotFile'), join(submit, `u_me_pc_${TS}.dot`));
  assert.equal(config.userQgraphFile, false);
  const given = load({ 'main.yaml': PAYLOAD }, { cliOverrides: { qgraphFile: 'old/graph.qg' } });
  assert.equal(given.config.userQgraphFile, true);
  assert.equal(given.config.search('qgraphFile'), join(given.dir, 'old/graph.qg'), 'made absolute: jobs may run elsewhere');
  assert.match(given.config.jobSettingsFor('isr').runQuantumCommand, new RegExp(`run-qbb repo ${join(given.dir, 'old/graph.qg')} `));
});

test('configDir: the absolute folder of the user config (bps-ts extension)', () => {
  const { config, dir } = load({ 'main.yaml': `${PAYLOAD}pipelineYaml: "{configDir}/pipelines/DRP.yaml"\n` });
  assert.equal(config.search('configDir'), dir);
  assert.equal(config.text('pipelineYaml'), join(dir, 'pipelines/DRP.yaml'));
});

test('outCollection is accepted as outputRun in payload or at the root, with one notice and no warning', () => {
  for (const where of ['payload:\n  outCollection: shared/parsl_patch_test_{timestamp}\n  payloadName: p\n', 'payload:\n  payloadName: p\noutCollection: shared/parsl_patch_test_{timestamp}\n']) {
    const { config, warnings, notices } = load({ 'main.yaml': `${where}submitPath: \${PWD}/submit/{outCollection}\n` });
    assert.equal(config.run.outputRun, `shared/parsl_patch_test_${TS}`);
    assert.equal(config.run.uniqProcName, `shared_parsl_patch_test_${TS}`);
    assert.equal(config.search('outCollection'), `shared/parsl_patch_test_${TS}`);
    assert.equal(notices.filter((w) => w.includes('outCollection')).length, 1);
    assert.deepEqual(warnings.filter((w) => w.includes('outCollection')), []);
  }
});

test('outCollection references follow --output-run, so the submit folder matches the run', () => {
  const { config, dir } = load({ 'main.yaml': 'payload:\n  payloadName: p\n  outCollection: a/{timestamp}\nsubmitPath: ${PWD}/submit/{outCollection}\n' }, { cliOverrides: { outputRun: 'u/cli/run' } });
  assert.equal(config.run.submitPath, join(dir, 'submit/u/cli/run'));
});

test('an explicit outputRun beats outCollection at the same level', () => {
  const { config } = load({ 'main.yaml': 'payload:\n  payloadName: p\n  outputRun: new/run\n  outCollection: old/run\n' });
  assert.equal(config.run.outputRun, 'new/run');
});

test("a user's root-level outputRun beats the defaults' payload.outputRun (ctrl_bps would ignore it)", () => {
  const { config } = load({ 'main.yaml': 'outputRun: u/root/level\npayload:\n  payloadName: p\n' });
  assert.equal(config.run.outputRun, 'u/root/level');
});

test("missing outputRun: ctrl_bps's message", () => {
  throwsConfig(() => load({ 'main.yaml': 'payload:\n  payloadName: p\n  outputRun: ""\n' }), /^Must specify the output run collection using 'outputRun'/);
  throwsConfig(() => load({ 'main.yaml': 'payload:\n  payloadName: p\n  outputRun: null\n' }), /^Must specify the output run collection using 'outputRun'/);
});

test('an undefined {var} in a run name is an error, not a hole in the path', () => {
  throwsConfig(() => load({ 'main.yaml': 'payload:\n  butlerConfig: r\n' }), /^outputRun needs \{payloadName\} \(through output\), which is not set\. Set payloadName/);
  throwsConfig(() => load({ 'main.yaml': `${PAYLOAD}submitPath: "/x/{nowhere}"\n` }), /^submitPath needs \{nowhere\}/);
});

test('an outputRun that would escape the submit root, or is absolute, is refused', () => {
  for (const run of ['../../etc', '/etc/passwd', 'a//b', 'a/./b']) {
    throwsConfig(() => load({ 'main.yaml': PAYLOAD.replace('u/me/pc/{timestamp}', `"${run}"`) }), /is not a valid run collection name/);
  }
});
