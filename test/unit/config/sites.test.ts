import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parslConfigSite } from '../../../src/config/parsl-configs.js';
import { PAYLOAD, load, throwsConfig } from './support.js';

const site = (yamlText: string, cli: Record<string, string> = {}) => load({ 'main.yaml': `${PAYLOAD}${yamlText}` }, { cliOverrides: cli });

test('the default site is local, with the executor choosing slots, cores and memory', () => {
  assert.deepEqual(site('').config.computeSite(), { name: 'local', executor: 'local', settings: {} });
});

test('built-in sites (table)', () => {
  const cases: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
    ['nersc_haswell_debug', { qos: 'debug', constraint: 'haswell', walltime: '00:30:00' }],
    ['nersc_knl', { qos: 'regular', constraint: 'knl' }],
    ['nersc_perlmutter_cpu', { qos: 'regular', constraint: 'cpu' }],
    ['nersc_perlmutter_debug', { qos: 'debug', constraint: 'cpu', walltime: '00:30:00' }],
  ];
  for (const [name, settings] of cases) {
    const got = site(`computeSite: ${name}\n`).config.computeSite();
    assert.deepEqual(got, { name, executor: 'slurm', settings }, name);
  }
  const allocations: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
    ['nersc_haswell_debug_alloc', { nodes: 1, walltime: '00:30:00', qos: 'debug', constraint: 'haswell' }],
    ['nersc_knl_alloc', { nodes: 1, walltime: '10:00:00', qos: 'regular', constraint: 'knl' }],
    ['nersc_knl_flex_alloc', { nodes: 1, walltime: '10:00:00', qos: 'flex', constraint: 'knl', scheduler_options: ['#SBATCH --time-min=2:00:00'] }],
    ['nersc_perlmutter_cpu_alloc', { nodes: 1, walltime: '06:00:00', qos: 'regular', constraint: 'cpu' }],
    ['nersc_perlmutter_debug_alloc', { nodes: 1, walltime: '00:30:00', qos: 'debug', constraint: 'cpu' }],
  ];
  for (const [name, settings] of allocations) {
    const got = site(`computeSite: ${name}\n`).config.computeSite();
    assert.deepEqual(got, { name, executor: 'allocation', settings }, name);
  }
});

test('an allocation site takes ctrl_bps_parsl\'s Slurm keys; mem_per_node is in GB', () => {
  const got = site('computeSite: mine\nsite:\n  mine:\n    executor: allocation\n    nodes: 4\n    cores_per_node: 128\n    mem_per_node: 480\n    walltime: "10:00:00"\n    qos: regular\n    account: m1727\n').config.computeSite();
  assert.deepEqual(got, { name: 'mine', executor: 'allocation', settings: { nodes: 4, walltime: '10:00:00', cores_per_node: 128, mem_per_node: 480, qos: 'regular', account: 'm1727' } });
  throwsConfig(() => site('computeSite: mine\nsite:\n  mine:\n    executor: allocation\n    maxQueued: 3\n').config.computeSite(), /^site\.mine\.maxQueued is a setting of executor 'slurm', but site 'mine' uses executor 'allocation'/);
  throwsConfig(() => site('computeSite: mine\nsite:\n  mine:\n    executor: allocation\n    nodes: 0\n').config.computeSite(), /site\.mine\.nodes/);
});

test("a user's site.<name> is merged over the built-in site; --compute-site picks a site", () => {
  const yamlText = 'site:\n  nersc_perlmutter_cpu:\n    account: m1727\n    qos: premium\n    maxQueued: 50\n    scheduler_options: |\n      #SBATCH --licenses=cfs\n      --exclusive\n    sbatchOptions: [--mail-type=FAIL]\n';
  const got = site(yamlText, { computeSite: 'nersc_perlmutter_cpu' }).config.computeSite();
  assert.deepEqual(got, {
    name: 'nersc_perlmutter_cpu', executor: 'slurm',
    settings: { qos: 'premium', constraint: 'cpu', account: 'm1727', maxQueued: 50, sbatchOptions: ['--mail-type=FAIL'], scheduler_options: ['#SBATCH --licenses=cfs', '#SBATCH --exclusive'] },
  });
});

test('a user-defined site, with typed settings and ${ENV} / {var} in text values', () => {
  const yamlText = 'computeSite: mine\nproject: m9\nsite:\n  mine:\n    executor: slurm\n    partition: "{project}-part"\n    account: ${ACCT}\n    walltime: "1-00:00:00"\n    pollInterval: 30\n    reservation: r1\n    class: lsst.ctrl.bps.parsl.sites.Slurm\n';
  const got = load({ 'main.yaml': `${PAYLOAD}${yamlText}` }, { env: { ACCT: 'acct1' } }).config.computeSite();
  assert.deepEqual(got, {
    name: 'mine', executor: 'slurm', settings: { partition: 'm9-part', account: 'acct1', reservation: 'r1', walltime: '1-00:00:00', pollInterval: 30 },
  });
});

test('local settings: maxJobs, cores, memory (MiB)', () => {
  const got = site('site:\n  local:\n    maxJobs: 8\n    cores: 6\n    memory: 16000\n').config.computeSite();
  assert.deepEqual(got.settings, { maxJobs: 8, cores: 6, memory: 16000 });
});

test('parslConfig names map to built-in sites, by their last component (table)', () => {
  const cases: ReadonlyArray<readonly [string, string, number | undefined]> = [
    ['desc.gen3_workflow.parsl.thread_pool_config_4', 'local', 4],
    ['desc.gen3_workflow.config.thread_pool_config_32', 'local', 32],
    ['desc.gen3_workflow.bps.wms.parsl.threaded_pool_config_4', 'local', 4],
    ['bps.wms.parsl.threaded_pool_config_32', 'local', 32],
    ['thread_pool_config_4', 'local', 4],
    ['python/desc/gen3_workflow/config/thread_pool_config_4.py', 'local', 4],
    ['desc.gen3_workflow.config.ht_debug_config', 'nersc_haswell_debug_alloc', undefined],
    ['desc.gen3_workflow.bps.wms.parsl.knl_htx_config', 'nersc_knl_alloc', undefined],
    ['desc.gen3_workflow.config.knl_flex_config', 'nersc_knl_flex_alloc', undefined],
    ['desc.gen3_workflow.bps.wms.parsl.threaded_pool_config', 'local', undefined],
    ['desc.gen3_workflow.config.workQueue_local_config', 'local', undefined],
  ];
  for (const [parslConfig, name, maxJobs] of cases) {
    const got = site(`parslConfig: ${parslConfig}\n`).config.computeSite();
    assert.deepEqual([got.name, got.settings['maxJobs']], [name, maxJobs], parslConfig);
  }
  // The Work Queue pilots on Cori: Slurm blocks of their node counts, as allocations.
  const pilots: ReadonlyArray<readonly [string, string, Record<string, unknown>]> = [
    ['workQueue_haswell_debug_config', 'nersc_haswell_debug_alloc', { nodes: 10, qos: 'debug', walltime: '00:30:00' }],
    ['workQueue_knl_config', 'nersc_knl_alloc', { nodes: 2, qos: 'regular', walltime: '10:00:00' }],
    ['workQueue_knl_debug_config', 'nersc_knl_alloc', { nodes: 1, qos: 'debug', walltime: '00:30:00' }],
    ['workQueue_knl_flex_config', 'nersc_knl_flex_alloc', { nodes: 1, qos: 'flex', walltime: '10:00:00' }],
  ];
  for (const [module, name, expected] of pilots) {
    const got = site(`parslConfig: desc.gen3_workflow.config.${module}\n`).config.computeSite();
    assert.equal(got.name, name, module);
    assert.equal(got.executor, 'allocation', module);
    for (const [key, value] of Object.entries(expected)) assert.equal(got.settings[key], value, `${module} ${key}`);
  }
  assert.equal(parslConfigSite('x.no_such_config'), undefined);
});

test("a user's site.local.maxJobs beats the slots a parslConfig implies", () => {
  assert.equal(site('parslConfig: x.thread_pool_config_32\nsite:\n  local:\n    maxJobs: 2\n').config.computeSite().settings['maxJobs'], 2);
});

test('an unknown parslConfig is an error listing the known ones', () => {
  throwsConfig(() => site('parslConfig: desc.gen3_workflow.parsl.magic_config\n').config.computeSite(), /^Unknown parslConfig 'desc\.gen3_workflow\.parsl\.magic_config' \(parslConfig in main\.yaml\)\. bps-ts knows thread_pool_config_4, .*knl_htx_config/);
});

test('computeSite given explicitly wins over parslConfig (also an unknown one)', () => {
  assert.equal(site('computeSite: nersc_knl\nparslConfig: x.thread_pool_config_4\n').config.computeSite().name, 'nersc_knl');
  assert.equal(site('parslConfig: x.nope\n', { computeSite: 'local' }).config.computeSite().name, 'local');
});

test("a computeSite that names no site is an error even next to a parslConfig (gen3_workflow's ncsapool), saying what removing it gives", () => {
  const { config } = site('computeSite: ncsapool\nparslConfig: x.threaded_pool_config_4\n');
  throwsConfig(() => config.computeSite(), /^Unknown computeSite 'ncsapool'\. Remove computeSite: parslConfig x\.threaded_pool_config_4 alone picks site 'local'/);
  throwsConfig(() => site('computeSite: slaclsf\nparslConfig: x.knl_htx_config\n').config.computeSite(), /^Unknown computeSite 'slaclsf'\./);
});

test('computeSite holding a mapping (a misindented site block) says it must be a name', () => {
  throwsConfig(() => site('computeSite:\n  site:\n    s3df: {walltime: 60}\n'), /^computeSite must be a site name, not a mapping \(computeSite in main\.yaml\)/);
});

test("ctrl_bps_parsl site classes pick the executor, with a note; Parsl's own keys are dropped with a warning", () => {
  const tiger = site('computeSite: tiger\nsite:\n  tiger:\n    class: lsst.ctrl.bps.parsl.sites.princeton.Tiger\n    nodes: 2\n    walltime: "0:59:00"\n    max_blocks: 4\n    exclusive: true\n');
  const got = tiger.config.computeSite();
  assert.equal(got.executor, 'allocation');
  assert.deepEqual([got.settings['nodes'], got.settings['walltime'], got.settings['sbatchOptions']], [2, '0:59:00', ['--exclusive']]);
  assert.deepEqual(got.notes, ['site.tiger (lsst.ctrl.bps.parsl.sites.princeton.Tiger) runs here as jobs as srun steps inside Slurm allocations (executor: allocation).']);
  assert.ok(tiger.warnings.some((w) => w.startsWith("site.tiger: max_blocks sizes Parsl's own blocks and workers")), tiger.warnings.join('\n'));
  const local = site('computeSite: mine\nsite:\n  mine:\n    class: lsst.ctrl.bps.parsl.sites.Local\n    cores: 8\n').config.computeSite();
  assert.deepEqual([local.executor, local.settings['cores']], ['local', 8]);
  // A Work Queue block size becomes the allocation's nodes.
  assert.equal(site('computeSite: wq\nsite:\n  wq:\n    class: bps_parsl_sites.SlurmWorkQueue\n    nodes_per_block: 3\n').config.computeSite().settings['nodes'], 3);
  // An explicit executor wins over the class; a PBS class is refused.
  assert.equal(site('computeSite: t\nsite:\n  t:\n    class: lsst.ctrl.bps.parsl.sites.Slurm\n    executor: slurm\n').config.computeSite().executor, 'slurm');
  throwsConfig(() => site('computeSite: pbs\nsite:\n  pbs:\n    class: lsst.ctrl.bps.parsl.sites.Torque\n').config.computeSite(), /site\.pbs\.class lsst\.ctrl\.bps\.parsl\.sites\.Torque submits to PBS\/Torque, which bps-ts cannot do/);
});

test("gen3_workflow's parsl_config picks the site when nothing else does: ThreadPool slots, a Slurm provider's allocation, retries", () => {
  const pool = site('parsl_config:\n  executor: ThreadPool\n  max_threads: 4\n  retries: 0\n  monitoring: true\n');
  assert.deepEqual([pool.config.computeSite().name, pool.config.computeSite().settings['maxJobs']], ['local', 4]);
  assert.equal(pool.config.jobSettingsFor('isr').retry.numberOfRetries, 0, 'retries 0 is numberOfRetries 0');
  assert.ok(pool.warnings.some((w) => w.startsWith('parsl_config: monitoring is Parsl')), pool.warnings.join('\n'));
  const slurm = site("parsl_config:\n  provider: Slurm\n  nodes_per_block: 2\n  qos: debug\n  walltime: '00:30:00'\n  time_min: '00:10:00'\n").config.computeSite();
  assert.deepEqual([slurm.name, slurm.executor], ['parsl_config', 'allocation']);
  assert.deepEqual([slurm.settings['nodes'], slurm.settings['qos'], slurm.settings['constraint'], slurm.settings['walltime'], slurm.settings['scheduler_options']], [2, 'debug', 'knl', '00:30:00', ['#SBATCH --time-min=00:10:00']]);
  throwsConfig(() => site('parsl_config:\n  provider: PBSPro\n').config.computeSite(), /parsl_config\.provider PBSPro submits to PBS/);
  const beaten = site('computeSite: local\nparsl_config:\n  executor: ThreadPool\n  max_threads: 4\n  retries: 0\n');
  assert.equal(beaten.config.computeSite().settings['maxJobs'], undefined);
  assert.equal(beaten.config.jobSettingsFor('isr').retry.numberOfRetries, 5, 'an unused parsl_config sets nothing');
  assert.ok(beaten.warnings.some((w) => w.startsWith("parsl_config is not used: computeSite chooses the site ('local')")));
});

test('an unknown computeSite is an error listing the known sites', () => {
  throwsConfig(() => site('computeSite: cori_gpu\nsite:\n  mine:\n    executor: local\n').config.computeSite(), /^Unknown computeSite 'cori_gpu'\. Known sites: local, nersc_haswell_debug, nersc_knl, nersc_perlmutter_cpu, nersc_perlmutter_debug, nersc_haswell_debug_alloc, nersc_knl_alloc, nersc_knl_flex_alloc, nersc_perlmutter_cpu_alloc, nersc_perlmutter_debug_alloc, mine\./);
  throwsConfig(() => site('computeSite: nersc_perlmuter_cpu\n').config.computeSite(), /Did you mean 'nersc_perlmutter_cpu'\?/);
});

test('an unknown key in site.<name> names the key and the site, lists the valid keys and suggests one', () => {
  throwsConfig(() => site('site:\n  local:\n    maxjobs: 4\n').config.computeSite(), /^Unknown key 'maxjobs' in site\.local\. Settings of executor 'local': executor, class, maxJobs, cores, memory, .*Did you mean 'maxJobs'\? \(site\.local\.maxjobs in main\.yaml\)/);
  throwsConfig(() => site('computeSite: nersc_knl\nsite:\n  nersc_knl:\n    constraints: knl\n').config.computeSite(), /Unknown key 'constraints' in site\.nersc_knl\..*Did you mean 'constraint'/);
});

test('a site block may also hold config keys the search order reads there, and the user\'s own keys', () => {
  const got = site('myVar: 1\nsite:\n  local:\n    requestMemory: 4096\n    runQuantumCommand: "x {qgraphNodeId}"\n    myVar: 2\n').config;
  assert.equal(got.computeSite().name, 'local');
  assert.equal(got.jobSettingsFor('isr').resources.requestMemory, 4096);
});

// [executor of site.mine, its yaml line, error pattern]: each executor's settings module checks its own keys.
const BAD_SETTINGS: ReadonlyArray<readonly [string, string, RegExp]> = [
  ['local', 'maxJobs: 0', /^site\.mine\.maxJobs must be a positive integer, not 0 \(site\.mine\.maxJobs in main\.yaml\)/],
  ['local', 'maxJobs: four', /site\.mine\.maxJobs must be a positive integer, not "four"/],
  ['local', 'cores: 1.5', /site\.mine\.cores must be a positive integer/],
  ['local', 'memory: -1', /site\.mine\.memory must be a positive integer/],
  ['slurm', 'walltime: "30 minutes"', /site\.mine\.walltime must be a Slurm time, not "30 minutes"/],
  ['slurm', 'qos: [a]', /site\.mine\.qos must be a single value/],
  ['slurm', 'maxQueued: 0', /site\.mine\.maxQueued must be a positive integer/],
  ['slurm', 'pollInterval: soon', /site\.mine\.pollInterval must be a positive number/],
  ['slurm', 'sbatchOptions: {a: 1}', /site\.mine\.sbatchOptions must be a list of sbatch arguments/],
  ['slurm', 'scheduler_options: 3', /site\.mine\.scheduler_options must be a text of #SBATCH lines/],
];

test('site settings of the wrong type name the key and the site (table)', async (t) => {
  for (const [executor, yamlLine, pattern] of BAD_SETTINGS) {
    await t.test(yamlLine, () => throwsConfig(() => site(`computeSite: mine\nsite:\n  mine:\n    executor: ${executor}\n    ${yamlLine}\n`).config.computeSite(), pattern));
  }
});

test('an unknown executor names the registered ones', () => {
  throwsConfig(() => site('site:\n  local:\n    executor: condor\n').config.computeSite(), /^Unknown executor 'condor' \(site\.local\.executor in main\.yaml\)\. Registered executors: local, slurm, allocation\./);
});

test("a setting of another executor is named as such, not as a typo", () => {
  throwsConfig(() => site('site:\n  local:\n    qos: debug\n').config.computeSite(), /^site\.local\.qos is a setting of executor 'slurm', but site 'local' uses executor 'local' \(site\.local\.qos in main\.yaml\)\. Remove it, or set executor: slurm/);
  throwsConfig(() => site('computeSite: nersc_knl\nsite:\n  nersc_knl:\n    nodes: 2\n').config.computeSite(), /^site\.nersc_knl\.nodes is a setting of executor 'allocation', but site 'nersc_knl' uses executor 'slurm' \(site\.nersc_knl\.nodes in main\.yaml\)\. Remove it, or set executor: allocation/);
});

test('site blocks that are not mappings are errors', () => {
  throwsConfig(() => site('site: [a]\n').config.computeSite(), /'site' must be a mapping of site names to settings/);
  throwsConfig(() => site('site:\n  local: 4\n').config.computeSite(), /site\.local must be a mapping of site settings, not 4/);
});
