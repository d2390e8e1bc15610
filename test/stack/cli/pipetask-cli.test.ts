import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BUTLER, DEMO_INPUT, DEMO_QUERY, DRP_PIPELINE, PIPETASK, butler, makeTempRepo, pipetask, removeTempRepo } from '../../support/standin.js';
import { execa } from 'execa';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** click's usage-error block ends with `Error: <message>` and exits 2. */
function assertUsageError(result: { exitCode: number | undefined; stderr: string }, message: string): void {
  assert.equal(result.exitCode, 2, result.stderr);
  const lines = result.stderr.trimEnd().split('\n');
  assert.match(lines[0] ?? '', /^Usage: (pipetask|butler)/);
  assert.equal(lines.at(-1), `Error: ${message}`);
}

describe('stand-in CLI surface', () => {
  let repo = '';
  before(() => {
    repo = makeTempRepo();
  });
  after(() => removeTempRepo(repo));

  it('an unknown option is a usage error, exit 2, for every command', async () => {
    assertUsageError(await pipetask(['qgraph', '-b', repo, '--frobnicate']), 'No such option: --frobnicate');
    assertUsageError(await pipetask(['run-qbb', repo, 'G.qg', '--qgraph-node-idd', 'x']), 'No such option: --qgraph-node-idd');
    assertUsageError(await pipetask(['pre-exec-init-qbb', repo, 'G.qg', '-Z']), 'No such option: -Z');
    assertUsageError(await pipetask(['run', '-b', repo, '--nope']), 'No such option: --nope');
    assertUsageError(await pipetask(['--long-logg', 'qgraph']), 'No such option: --long-logg');
    assertUsageError(await butler(['aggregate-graph', 'G.qg', repo, '--bogus']), 'No such option: --bogus');
  });

  it('missing arguments, values and commands are usage errors too', async () => {
    assertUsageError(await pipetask(['run-qbb', repo]), "Missing argument 'QGRAPH'.");
    assertUsageError(await pipetask(['qgraph', '-b']), "Option '-b' requires an argument.");
    assertUsageError(await pipetask(['frobnicate']), "No such command 'frobnicate'.");
    assertUsageError(await pipetask(['run-qbb', repo, 'G.qg', '-j', 'four']), "Invalid value for '-j' / '--processes': 'four' is not a valid integer.");
    assertUsageError(await pipetask(['--log-level', 'LOUD', 'qgraph']), "Invalid value for '--log-level': 'LOUD' is not a valid log level (CRITICAL, ERROR, WARNING, INFO, VERBOSE, DEBUG, TRACE).");
    const usage = await pipetask(['run-qbb', repo]);
    assert.match(usage.stderr, /^Usage: pipetask run-qbb \[OPTIONS\] REPO QGRAPH\nTry 'pipetask run-qbb -h' for help\.\n\nError: /);
  });

  it('-h prints help and exits 0', async () => {
    const result = await pipetask(['qgraph', '-h']);
    assert.equal(result.exitCode, 0);
    assert.match(result.stdout, /--qgraph-dot/);
    assert.match((await pipetask(['--help'])).stdout, /run-qbb/);
  });

  it('needs -o or --output-run, with the real ValueError wording (exit 1)', async () => {
    const result = await pipetask(['qgraph', '-b', repo, '-i', DEMO_INPUT, '-p', DRP_PIPELINE, '-d', DEMO_QUERY]);
    assert.equal(result.exitCode, 1);
    assert.equal(result.stderr.trim(), 'ValueError: Cannot write without at least one of (--output, --output-run).');
  });

  it('logs in the default format, or the long one with --long-log --log-level=VERBOSE', async () => {
    const args = ['qgraph', '-b', repo, '-i', DEMO_INPUT, '--output-run', 'u/cli/run', '-p', DRP_PIPELINE, '-d', DEMO_QUERY];
    const short = await pipetask(args);
    assert.equal(short.exitCode, 0, short.stderr);
    assert.match(short.stderr, /^lsst\.ctrl\.mpexec\.cmdLineFwk INFO: QuantumGraph contains 29 quanta for 13 tasks, graph ID: '\d+\.\d+-\d+'$/m);
    const long = await pipetask(['--long-log', '--log-level=VERBOSE', ...args]);
    assert.equal(long.exitCode, 0, long.stderr);
    const line = long.stderr.split('\n').find((l) => l.includes('QuantumGraph contains')) ?? '';
    assert.match(line, /^INFO \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d lsst\.ctrl\.mpexec\.cmdLineFwk \(\)\(cmdLineFwk\.py:\d+\) - QuantumGraph contains 29 quanta for 13 tasks, graph ID: '\d+\.\d+-\d+'$/);
    assert.match(long.stderr, /^VERBOSE .* - Generated 5 quanta for task isr\.$/m);
    const quiet = await pipetask(['--log-level', 'WARNING', ...args]);
    assert.equal(quiet.stderr, '');
  });

  it('--log-file FILE.json --no-log-tty writes JSON records instead of stderr lines', async () => {
    const logFile = join(repo, '..', 'qgraph-log.json');
    const result = await pipetask(['--log-file', logFile, '--no-log-tty', '--log-label', 'job=test1', 'qgraph', '-b', repo, '-i', DEMO_INPUT,
      '--output-run', 'u/cli/json', '-p', DRP_PIPELINE, '-d', DEMO_QUERY]);
    assert.equal(result.exitCode, 0);
    assert.equal(result.stderr, '');
    const records = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const summary = records.find((r) => String(r['message']).startsWith('QuantumGraph contains 29 quanta'));
    assert.equal(summary?.['name'], 'lsst.ctrl.mpexec.cmdLineFwk');
    assert.equal(summary?.['levelname'], 'INFO');
    assert.deepEqual(summary?.['MDC'], { job: 'test1' });
  });

  it('the bins tell the user to build when dist/ is missing', async () => {
    const fake = mkdtempSync(join(tmpdir(), 'bps-ts-nodist-'));
    try {
      cpSync(join(PIPETASK, '..', '..', '..', '..', 'package.json'), join(fake, 'package.json'));
      cpSync(join(PIPETASK, '..'), join(fake, 'stack', 'ctrl_mpexec', 'bin'), { recursive: true });
      cpSync(join(BUTLER, '..'), join(fake, 'stack', 'daf_butler', 'bin'), { recursive: true });
      for (const bin of [join(fake, 'stack', 'ctrl_mpexec', 'bin', 'pipetask'), join(fake, 'stack', 'daf_butler', 'bin', 'butler')]) {
        const result = await execa(bin, ['-h'], { reject: false });
        assert.equal(result.exitCode, 1);
        assert.match(String(result.stderr), /run `npm run build`/);
        assert.equal(String(result.stderr).trim().split('\n').length, 1);
      }
    } finally {
      rmSync(fake, { recursive: true, force: true });
    }
  });
});
