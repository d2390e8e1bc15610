import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { AppContext } from '../../../src/app/context.js';
import { pingSite } from '../../../src/app/ping.js';
import { createLogger } from '../../../src/log/logger.js';
import type { CommandProbe, ProbeResult } from '../../../src/process/probe.js';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'bps-ts-ping-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function context(env: NodeJS.ProcessEnv): AppContext {
  return {
    logger: createLogger({ level: 'ERROR', terminal: new PassThrough() }),
    cwd: dir,
    env,
    bpsHome: join(dir, 'home'),
    now: () => new Date('2024-01-02T03:04:05Z'),
  };
}

/** Answers by program name; records each argv and the environment it was given. */
function fakeProbe(answers: Record<string, Partial<ProbeResult>>): CommandProbe & { calls: Array<{ argv: string[]; env: Readonly<Record<string, string>> }> } {
  const calls: Array<{ argv: string[]; env: Readonly<Record<string, string>> }> = [];
  const probe: CommandProbe = async (argv, options) => {
    calls.push({ argv: [...argv], env: options.env });
    const answer = answers[(argv[0] ?? '').split('/').pop() ?? ''] ?? { exitCode: undefined, spawnError: 'not found' };
    return { exitCode: 0, signal: undefined, spawnError: undefined, timedOut: false, stdout: '', stderr: '', durationMs: 250, ...answer };
  };
  return Object.assign(probe, { calls });
}

describe('pingSite', () => {
  it('without a config: the local site and $CTRL_MPEXEC_DIR/bin/pipetask --help', async () => {
    const probe = fakeProbe({ pipetask: { exitCode: 0 } });
    const report = await pingSite({}, context({ CTRL_MPEXEC_DIR: '/stack/ctrl_mpexec', PATH: '/usr/bin' }), probe);
    assert.deepEqual(probe.calls.map((c) => c.argv), [['/stack/ctrl_mpexec/bin/pipetask', '--help']]);
    assert.deepEqual(report, {
      site: 'local', executor: 'local', config: null, ok: true,
      checks: [{ name: 'pipetask', ok: true, detail: "/stack/ctrl_mpexec/bin/pipetask answers ('pipetask --help' in 0.3 s)" }],
    });
  });

  it('fails without running anything when CTRL_MPEXEC_DIR is not set', async () => {
    const probe = fakeProbe({});
    const report = await pingSite({}, context({ PATH: '/nowhere' }), probe);
    assert.equal(probe.calls.length, 0);
    assert.equal(report.ok, false);
    assert.match(report.checks[0]?.detail ?? '', /^CTRL_MPEXEC_DIR is not set, so '\$\{CTRL_MPEXEC_DIR\}\/bin\/pipetask' cannot run/);
  });

  it('names a pipetask that is missing or exits non-zero', async () => {
    const missing = await pingSite({}, context({ CTRL_MPEXEC_DIR: '/gone' }), fakeProbe({}));
    assert.equal(missing.checks[0]?.detail, '/gone/bin/pipetask: not found (CTRL_MPEXEC_DIR=/gone; is the LSST stack set up?)');
    const broken = await pingSite({}, context({ CTRL_MPEXEC_DIR: '/s' }), fakeProbe({ pipetask: { exitCode: 1, stderr: 'Traceback …\nImportError: No module named lsst\n' } }));
    assert.equal(broken.checks[0]?.detail, "'/s/bin/pipetask --help' exited 1: ImportError: No module named lsst");
  });

  it("with a config: its environment finds pipetask, its site's Slurm settings are checked, --compute-site wins", async () => {
    const config = join(dir, 'site.yaml');
    writeFileSync(config, [
      'computeSite: mine',
      'environment:',
      '  CTRL_MPEXEC_DIR: /opt/stack/ctrl_mpexec',
      'site:',
      '  mine: {executor: slurm, partition: debug, constraint: cpu}',
      '  other: {executor: slurm, partition: regular}',
    ].join('\n'));
    const probe = fakeProbe({ pipetask: { exitCode: 0 }, sinfo: { stdout: 'debug*|cpu|up\n' } });
    const report = await pingSite({ configPath: 'site.yaml' }, context({ PATH: '/usr/bin' }), probe);
    assert.equal(report.config, config);
    assert.equal(report.site, 'mine');
    assert.deepEqual(report.checks.map((c) => [c.name, c.ok]), [['pipetask', true], ['sinfo', true], ['partition', true], ['constraint', true]]);
    assert.equal(probe.calls[0]?.argv[0], '/opt/stack/ctrl_mpexec/bin/pipetask');
    assert.equal(probe.calls[1]?.env['CTRL_MPEXEC_DIR'], '/opt/stack/ctrl_mpexec', 'commands see the config environment');

    const other = await pingSite({ configPath: config, computeSite: 'other' }, context({}), probe);
    assert.equal(other.site, 'other');
    assert.deepEqual(other.checks.slice(1).map((c) => [c.name, c.ok]), [['sinfo', true], ['partition', false]]);
  });

  it('checks a built-in NERSC site without a config', async () => {
    const report = await pingSite({ computeSite: 'nersc_perlmutter_debug' }, context({ CTRL_MPEXEC_DIR: '/s' }), fakeProbe({ pipetask: {}, sinfo: { stdout: 'debug|cpu|up\nregular*|cpu|up\n' } }));
    assert.deepEqual([report.site, report.executor, report.ok], ['nersc_perlmutter_debug', 'slurm', true]);
    assert.deepEqual(report.checks.map((c) => c.name), ['pipetask', 'sinfo', 'constraint']);
  });

  it('an unknown site is a config error, listing the known ones', async () => {
    await assert.rejects(pingSite({ computeSite: 'nersc_cori' }, context({}), fakeProbe({})), /Unknown computeSite 'nersc_cori'/);
  });
});
