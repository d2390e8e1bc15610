import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PAYLOAD, fixtures, load, loadIn, throwsConfig, writeTree } from './support.js';

const INCLUDES = fixtures('includes');

test('includes: nested, relative to the including file, list order, own keys win', () => {
  const { config } = loadIn(INCLUDES, 'main.yaml');
  assert.equal(config.search('fromA'), 'a', 'sub/a.yaml is included');
  assert.equal(config.search('fromC'), 'c', "sub/a.yaml's c.yaml is found next to sub/a.yaml, not next to main.yaml");
  assert.equal(config.search('order'), 'b', 'a later include wins over an earlier one (and over what it included)');
  assert.equal(config.search('own'), 'main', "the including file's own keys win");
});

test('includes at any level: a file included under pipetask lands under pipetask, own keys still win', () => {
  const { config } = loadIn(INCLUDES, 'main.yaml');
  const isr = { curvals: { curr_pipetask: 'isr' } };
  assert.equal(config.search('requestMemory', isr), 4000, "main.yaml's pipetask.isr.requestMemory beats the included one");
  assert.equal(config.search('requestCpus', isr), 2, 'the included pipetask.isr.requestCpus is kept');
  assert.equal(config.search('requestMemory', { curvals: { curr_pipetask: 'calibrate' } }), 1000);
});

test('include names: ${ENV} expanded; relative names tried next to the including file, then in the working directory', () => {
  const dir = writeTree({ 'conf/main.yaml': `${PAYLOAD}includeConfigs: ["\${EXTRA}/x.yaml", cwd-only.yaml]\n`, 'extra/x.yaml': 'fromEnv: yes\n', 'cwd-only.yaml': 'fromCwd: yes\n' });
  const { config } = loadIn(dir, 'conf/main.yaml', { env: { EXTRA: join(dir, 'extra') } });
  assert.equal(config.search('fromEnv'), 'yes');
  assert.equal(config.search('fromCwd'), 'yes');
});

test('an include next to the including file wins over one of the same name in the working directory', () => {
  const dir = writeTree({ 'conf/main.yaml': `${PAYLOAD}includeConfigs: same.yaml\n`, 'conf/same.yaml': 'where: next-to-file\n', 'same.yaml': 'where: cwd\n' });
  assert.equal(loadIn(dir, 'conf/main.yaml').config.search('where'), 'next-to-file');
});

test('a missing include names the include chain', () => {
  throwsConfig(
    () => load({ 'main.yaml': `${PAYLOAD}includeConfigs: b.yaml\n`, 'b.yaml': 'includeConfigs: c.yaml\n' }),
    /^main\.yaml → b\.yaml: include 'c\.yaml' not found \(looked for .*c\.yaml\)/,
  );
});

test('a missing include whose name holds an unset variable says so', () => {
  throwsConfig(() => load({ 'main.yaml': `${PAYLOAD}includeConfigs: \${GEN3_WORKFLOW_DIR}/etc/x.yaml\n` }), /include '\$\{GEN3_WORKFLOW_DIR\}\/etc\/x\.yaml' not found .*\$GEN3_WORKFLOW_DIR is not set/);
});

test('an include cycle names the cycle', () => {
  throwsConfig(() => loadIn(fixtures('includes', 'cycle'), 'a.yaml'), /^Include cycle: a\.yaml → b\.yaml → a\.yaml/);
  throwsConfig(() => load({ 'main.yaml': `${PAYLOAD}includeConfigs: main.yaml\n` }), /^Include cycle: main\.yaml → main\.yaml/);
});

test('the same file included twice (not a cycle) is fine', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}includeConfigs: [a.yaml, b.yaml]\n`, 'a.yaml': 'includeConfigs: common.yaml\n', 'b.yaml': 'includeConfigs: common.yaml\n', 'common.yaml': 'shared: 1\n' });
  assert.equal(config.search('shared'), 1);
});

test('includeConfigs of the wrong type is an error naming the file and level', () => {
  throwsConfig(() => load({ 'main.yaml': `${PAYLOAD}includeConfigs: {a: 1}\n` }), /includeConfigs in main\.yaml must be a file name or a list of file names/);
  throwsConfig(() => load({ 'main.yaml': `${PAYLOAD}pipetask:\n  includeConfigs: [1]\n` }), /includeConfigs in main\.yaml \(under pipetask\) must be/);
});

test('type errors name the file (and include chain) a bad value came from', () => {
  const { config } = loadIn(writeTree({ 'main.yaml': `${PAYLOAD}includeConfigs: res.yaml\n`, 'res.yaml': 'pipetask:\n  isr:\n    requestMemory: lots\n' }), 'main.yaml');
  throwsConfig(() => config.jobSettingsFor('isr'), /requestMemory for label 'isr' must be a positive number, not "lots" \(pipetask\.isr\.requestMemory in res\.yaml \(included from main\.yaml\)\)/);
});
