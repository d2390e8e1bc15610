import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PAYLOAD, TS, load, throwsConfig } from './support.js';

const ISR = { curvals: { curr_pipetask: 'isr', curr_cluster: 'isr' } };

/** Each level that can hold `probe`, most specific first, as YAML (or a command-line value). */
const LEVELS: ReadonlyArray<{ name: string; yaml: string; cli?: Record<string, string> }> = [
  { name: 'cmdline', yaml: '', cli: { probe: 'cmdline' } },
  { name: 'payload', yaml: 'payload:\n  probe: payload\n' },
  { name: 'cluster', yaml: 'cluster:\n  isr:\n    probe: cluster\n' },
  { name: 'pipetask', yaml: 'pipetask:\n  isr:\n    probe: pipetask\n' },
  { name: 'site', yaml: 'site:\n  s1:\n    executor: local\n    probe: site\n' },
  { name: 'root', yaml: 'probe: root\n' },
];

test('precedence: command line > payload > cluster.<l> > pipetask.<l> > site.<s> > root', async (t) => {
  for (let top = 0; top < LEVELS.length; top++) {
    const present = LEVELS.slice(top);
    await t.test(`${present.map((l) => l.name).join(' > ')} → ${present[0]?.name}`, () => {
      // payload is merged, not replaced: put the payload level's key into the payload section.
      const payloadLevel = present.some((l) => l.name === 'payload') ? '  probe: payload\n' : '';
      const yamlText = `${PAYLOAD}${payloadLevel}computeSite: s1\n${present.filter((l) => l.name !== 'payload').map((l) => l.yaml).join('')}`;
      const cli = present.find((l) => l.cli)?.cli ?? {};
      const { config } = load({ 'main.yaml': yamlText }, { cliOverrides: cli });
      assert.equal(config.search('probe', ISR), present[0]?.name);
    });
  }
});

test('generated values beat the root but lose to the sections (ctrl_bps bps_defined)', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}timestamp: root\nconfigDir: root\n` });
  assert.equal(config.search('timestamp'), TS);
  assert.notEqual(config.search('configDir'), 'root');
  const site = load({ 'main.yaml': `${PAYLOAD}computeSite: s1\nsite:\n  s1:\n    timestamp: site\n` }).config;
  assert.equal(site.search('timestamp'), 'site');
});

test('pipetask.<label>.requestMemory beats the root for that label only', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}requestMemory: 100\npipetask:\n  isr:\n    requestMemory: 200\n` });
  assert.equal(config.search('requestMemory', ISR), 200);
  assert.equal(config.search('requestMemory', { curvals: { curr_pipetask: 'calibrate' } }), 100);
  assert.equal(config.search('requestMemory'), 100);
});

test('site.<s>.runQuantumCommand beats the root one; pipetask.<label> beats the site', () => {
  const yamlText = `${PAYLOAD}computeSite: mine\nrunQuantumCommand: root {qgraphNodeId}\nsite:\n  mine:\n    runQuantumCommand: site {qgraphNodeId}\npipetask:\n  isr:\n    runQuantumCommand: label {qgraphNodeId}\n`;
  const { config } = load({ 'main.yaml': yamlText });
  assert.equal(config.jobSettingsFor('calibrate').runQuantumCommand, 'site {qgraphNodeId}');
  assert.equal(config.jobSettingsFor('isr').runQuantumCommand, 'label {qgraphNodeId}');
});

test('curr_site defaults to the effective compute site (computeSite, else parslConfig, else local)', () => {
  const bySite = load({ 'main.yaml': `${PAYLOAD}requestMemory: 1\nsite:\n  local:\n    requestMemory: 3\n  other:\n    executor: local\n    requestMemory: 5\n` }).config;
  assert.equal(bySite.search('requestMemory'), 3, 'local by default');
  assert.equal(bySite.search('requestMemory', { curvals: { curr_site: 'other' } }), 5, 'an explicit curr_site wins');
  const byParsl = load({ 'main.yaml': `${PAYLOAD}parslConfig: x.ht_debug_config\nsite:\n  nersc_haswell_debug_alloc:\n    requestMemory: 7\n` }).config;
  assert.equal(byParsl.search('requestMemory'), 7);
});

test('a section is searched at <section>.<current> when that subsection exists, else at its own top level (ctrl_bps rule)', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}requestCpus: 1\npipetask:\n  requestCpus: 4\n  isr:\n    requestMemory: 10\n` });
  assert.equal(config.search('requestCpus', { curvals: { curr_pipetask: 'calibrate' } }), 4, 'no pipetask.calibrate: pipetask top level');
  assert.equal(config.search('requestCpus', ISR), 1, 'pipetask.isr exists: only it is searched, then the root');
});

test('current values win over everything; searchobj comes next', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}jobName: root\nrequestCpus: 1\n` }, { cliOverrides: { requestCpus: '9' } });
  assert.equal(config.search('jobName', { curvals: { jobName: 'job_1' } }), 'job_1');
  const finalJob = config.data['finalJob'] as Record<string, unknown>;
  assert.equal(config.search('requestMemory', { searchobj: finalJob }), 2048);
  assert.equal(config.search('requestCpus', { searchobj: { requestCpus: 3 } }), 3, 'searchobj beats the command line');
});

test('null unsets a lower-level value', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}requestWalltime: 100\npipetask:\n  isr:\n    requestWalltime: null\n` });
  assert.equal(config.search('requestWalltime', ISR), null);
  assert.equal(config.jobSettingsFor('isr').resources.requestWalltime, undefined);
  assert.equal(config.jobSettingsFor('calibrate').resources.requestWalltime, 100);
});

test('required and default options', () => {
  const { config } = load({ 'main.yaml': PAYLOAD });
  assert.equal(config.search('nothing'), undefined);
  assert.equal(config.search('nothing', { default: 'd' }), 'd');
  assert.equal(config.text('nothing'), '');
  assert.equal(config.has('nothing'), false);
  assert.equal(config.has('requestMemory'), true);
  throwsConfig(() => config.search('nothing', { required: true }), /Missing required config key 'nothing'/);
});

test('locate tells where a value was found, and describe names its file', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}pipetask:\n  isr:\n    requestMemory: 200\n` });
  const hit = config.locate('requestMemory', ISR);
  assert.deepEqual(hit?.path, ['pipetask', 'isr', 'requestMemory']);
  assert.equal(config.describe(hit?.path ?? []), 'pipetask.isr.requestMemory in main.yaml');
  assert.match(config.describe(config.locate('requestCpus')?.path ?? []), /^requestCpus in the bps-ts defaults \(.*etc\/bps_defaults\.yaml\)$/);
  assert.equal(config.describe(config.locate('timestamp')?.path ?? []), 'bps_defined.timestamp (generated)');
});

test('per-label lookups are cached: a million per-job lookups cost little, per-job current values are not cached', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}pipetask:\n  isr:\n    requestMemory: 4096\n` });
  const labels = Array.from({ length: 20 }, (_, i) => `task${i}`);
  const started = performance.now();
  for (let i = 0; i < 200_000; i++) {
    config.search('runQuantumCommand', { curvals: { curr_pipetask: labels[i % 20], curr_cluster: labels[i % 20] }, expandEnv: false, skipNames: ['qgraphNodeId', 'jobName'] });
  }
  assert.ok(performance.now() - started < 3000, `200k cached lookups took ${Math.round(performance.now() - started)} ms`);
  assert.equal(config.text('x', { curvals: { x: 'a' } }), 'a');
  assert.equal(config.text('x', { curvals: { x: 'b' } }), 'b', 'a per-job value is not served from a cache');
  assert.strictEqual(config.jobSettingsFor('isr'), config.jobSettingsFor('isr'), 'jobSettingsFor is memoized per label');
});
