import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBpsConfig } from '../../../src/config/load.js';
import { formatWithSpec } from '../../../src/config/format-spec.js';
import { jobSettingsFor, finalJobSettings } from '../../../src/config/job-settings.js';
import { resolveSite } from '../../../src/config/sites.js';

const NOW = new Date('2021-11-17T15:50:08Z');

/** Writes files into a fresh folder and loads `main.yaml` from it. */
function load(files: Record<string, string>, options: { cli?: Record<string, string>; env?: Record<string, string> } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bps-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const warnings: string[] = [];
  const config = loadBpsConfig({ path: join(dir, 'main.yaml'), cliOverrides: options.cli ?? {}, env: { PWD: dir, ...options.env }, cwd: dir, now: NOW, warn: (m) => warnings.push(m) });
  return { config, warnings, dir };
}

const PAYLOAD = `payload:\n  payloadName: pc\n  butlerConfig: repo\n  inCollection: in\n  dataQuery: x\n  outputRun: u/me/pc/{timestamp}\n`;

test('precedence: command line > payload > pipetask.<label> > site.<site> > generated > root', () => {
  const { config } = load({
    'main.yaml': `${PAYLOAD}key: root\nrequestMemory: 100\ncomputeSite: s1\nsite:\n  s1:\n    requestMemory: 300\n    key: site\npipetask:\n  isr:\n    requestMemory: 200\n    key: pipetask\n`,
  });
  assert.equal(config.search('requestMemory', { curvals: { curr_pipetask: 'isr' } }), 200);
  assert.equal(config.search('requestMemory', { curvals: { curr_pipetask: 'calibrate' } }), 300);
  assert.equal(config.search('key', { curvals: { curr_pipetask: 'isr' } }), 'pipetask');
  const cli = load({ 'main.yaml': `${PAYLOAD}key: root\n` }, { cli: { key: 'cli' } }).config;
  assert.equal(cli.search('key'), 'cli');
  const payload = load({ 'main.yaml': `${PAYLOAD.replace('payload:\n', 'payload:\n  key: payload\n')}key: root\n` }).config;
  assert.equal(payload.search('key'), 'payload');
});

test('site.<s>.runQuantumCommand beats the root one', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}computeSite: mine\nrunQuantumCommand: root-cmd\nsite:\n  mine:\n    runQuantumCommand: site-cmd {qgraphNodeId}\n` });
  assert.equal(jobSettingsFor(config, 'isr').command, 'site-cmd {qgraphNodeId}');
});

test('includes: nested, relative to the including file, in order, own keys win', () => {
  const { config } = load({
    'main.yaml': `${PAYLOAD}includeConfigs: [sub/a.yaml, b.yaml]\nown: main\n`,
    'sub/a.yaml': 'includeConfigs: c.yaml\nfromA: a\nown: a\norder: a\n',
    'sub/c.yaml': 'fromC: c\n',
    'b.yaml': 'order: b\n',
  });
  assert.equal(config.search('fromA'), 'a');
  assert.equal(config.search('fromC'), 'c');
  assert.equal(config.search('order'), 'b');
  assert.equal(config.search('own'), 'main');
});

test('include cycles and missing includes are errors naming the chain', () => {
  assert.throws(() => load({ 'main.yaml': `${PAYLOAD}includeConfigs: a.yaml\n`, 'a.yaml': 'includeConfigs: main.yaml\n' }), /Include cycle: .*main\.yaml → .*a\.yaml → .*main\.yaml/);
  assert.throws(() => load({ 'main.yaml': `${PAYLOAD}includeConfigs: nope.yaml\n` }), /include 'nope\.yaml' not found/);
});

test('{var} recursion, cycles, undefined vars (→ "" with a warning) and format specs', () => {
  const { config, warnings } = load({ 'main.yaml': `${PAYLOAD}a: "{b}/x"\nb: "{c}-{visit:06}"\nc: deep\nvisit: 42\nloop1: "{loop2}"\nloop2: "{loop1}"\nhole: "a{notthere}b"\n` });
  assert.equal(config.search('a'), 'deep-000042/x');
  assert.throws(() => config.search('loop1'), /Variable cycle in the config: loop1 → loop2 → loop1/);
  assert.equal(config.search('hole'), 'ab');
  assert.ok(warnings.some((w) => w.includes("'hole'") && w.includes('{notthere}')));
});

test('${ENV} and $ENV are expanded on the submit side and kept for the execute side in job commands', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}where: "\${HOME_X}/a/$HOME_X"\nrunQuantumCommand: "\${TOOL_DIR}/bin/pipetask run {qgraphNodeId}"\n` }, { env: { HOME_X: '/h', TOOL_DIR: '/t' } });
  assert.equal(config.search('where'), '/h/a//h');
  assert.equal(jobSettingsFor(config, 'isr').command, '${TOOL_DIR}/bin/pipetask run {qgraphNodeId}');
});

test('outCollection is accepted as outputRun, with a deprecation warning', () => {
  const { config, warnings } = load({ 'main.yaml': 'payload:\n  payloadName: p\n  outCollection: shared/parsl_patch_test_{timestamp}\n' });
  assert.equal(config.search('outputRun'), 'shared/parsl_patch_test_20211117T155008Z');
  assert.equal(config.search('uniqProcName'), 'shared_parsl_patch_test_20211117T155008Z');
  assert.ok(warnings.some((w) => w.includes('outCollection')));
});

test('generated values: timestamp, uniqProcName, submitPath, qgraphFile', () => {
  const { config, dir } = load({ 'main.yaml': PAYLOAD });
  assert.equal(config.search('timestamp'), '20211117T155008Z');
  assert.equal(config.search('submitPath'), join(dir, 'submit/u/me/pc/20211117T155008Z'));
  assert.equal(config.search('qgraphFile'), join(dir, 'submit/u/me/pc/20211117T155008Z/u_me_pc_20211117T155008Z.qg'));
});

test('an outputRun escaping the submit root is refused', () => {
  assert.throws(() => load({ 'main.yaml': PAYLOAD.replace('u/me/pc/{timestamp}', '../../etc') }), /not a valid run collection name/);
});

test('format specs: width, zero padding, alignment, precision', () => {
  const cases: Array<[unknown, string, string]> = [[42, '06', '000042'], [7, '03d', '007'], ['ab', '>5', '   ab'], [3.14159, '.2f', '3.14'], [-5, '04', '-005'], ['x', '^5', '  x  ']];
  for (const [value, spec, expected] of cases) assert.equal(formatWithSpec(value, spec), expected, `${String(value)}:${spec}`);
});

test('parslConfig names map to built-in sites; unknown names and site keys are errors', () => {
  const parsl = (name: string) => resolveSite({ computeSite: undefined, explicit: false, parslConfig: name, userSites: {} });
  assert.equal(parsl('desc.gen3_workflow.parsl.thread_pool_config_4').maxJobs, 4);
  assert.equal(parsl('desc.gen3_workflow.bps.wms.parsl.threaded_pool_config_32').maxJobs, 32);
  assert.equal(parsl('desc.gen3_workflow.config.knl_htx_config').name, 'nersc_knl');
  assert.throws(() => parsl('desc.gen3_workflow.parsl.nope'), /Unknown parslConfig/);
  assert.throws(() => resolveSite({ computeSite: 'local', explicit: true, parslConfig: undefined, userSites: { local: { maxJob: 3 } } }), /Unknown key 'maxJob' in site\.local/);
  assert.throws(() => resolveSite({ computeSite: 'nowhere', explicit: true, parslConfig: undefined, userSites: {} }), /Unknown computeSite 'nowhere'/);
});

test('typed job settings: wrong types name the key and label; finalJob.whenRun is checked', () => {
  const bad = load({ 'main.yaml': `${PAYLOAD}pipetask:\n  isr:\n    requestMemory: lots\n` }).config;
  assert.throws(() => jobSettingsFor(bad, 'isr'), /requestMemory for label 'isr' must be a positive number/);
  const when = load({ 'main.yaml': `${PAYLOAD}finalJob:\n  whenRun: SOMETIMES\n` }).config;
  assert.throws(() => finalJobSettings(when), /Invalid value for finalJob.whenRun/);
});

test('YAML syntax errors are one line with file:line:column', () => {
  assert.throws(() => load({ 'main.yaml': 'a: [1, 2\nb: c\n' }), /YAML syntax error in .*main\.yaml:\d+:\d+/);
});

test('the seed gen3_workflow config resolves to the default pipetask commands', () => {
  const { config } = load({
    'main.yaml': `payload:\n  payloadName: DC2_dev_dataset\n  butlerConfig: \${PWD}/gen3-repo\n  inCollection: LSSTCam-imSim/defaults\n  outCollection: shared/parsl_patch_test_{timestamp}\n  dataQuery: tract=3828 AND patch=24 AND skymap='DC2'\npipelineYaml: DRP.yaml\nparslConfig: desc.gen3_workflow.parsl.thread_pool_config_4\n`,
  }, { env: { CTRL_MPEXEC_DIR: '/stack' } });
  const create = config.text('createQuantumGraph');
  assert.match(create, /^\/stack\/bin\/pipetask --long-log --log-level=VERBOSE qgraph --butler-config \/.*\/gen3-repo -i LSSTCam-imSim\/defaults -o u\/.*\/DC2_dev_dataset --output-run shared\/parsl_patch_test_20211117T155008Z --pipeline DRP\.yaml --save-qgraph .*\.qg --qgraph-dot .*\.dot -d "tract=3828 AND patch=24 AND skymap='DC2'"/);
});
