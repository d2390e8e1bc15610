import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { renderBatchJob, slurmMinutes } from '../../../../src/executors/slurm/batch-script.js';
import { quoteForShell as shellQuote } from '../../../../src/process/argv.js';
import { parseSlurmJobName, slurmJobName } from '../../../../src/slurm/job-name.js';
import type { JobLaunch } from '../../../../src/executors/contract.js';

function launch(dir: string, overrides: Partial<JobLaunch> = {}): JobLaunch {
  return {
    jobId: 7, name: 'DC2_isr_94', label: 'isr', attempt: 2, argv: ['/bin/echo', 'hello'], env: {},
    cpus: 4, memoryMiB: 3072, walltimeSec: undefined,
    stdoutPath: join(dir, 'x.2.out'), stderrPath: join(dir, 'x.2.err'), exitPath: join(dir, 'x.2.exit'),
    ...overrides,
  };
}

const site = { sbatchOptions: [], scheduler_options: [] };

test('#SBATCH lines carry the job name, logs, cores, memory and the site settings', () => {
  const job = renderBatchJob(launch('/s/logging', { walltimeSec: 90 }), 'R1', {
    ...site, partition: 'debug', qos: 'regular', constraint: 'cpu', account: 'm1727', reservation: 'dc2', sbatchOptions: ['--exclusive'], scheduler_options: ['--licenses=scratch', '#SBATCH --mail-type=NONE'],
  });
  assert.equal(job.name, 'bps.R1.7.2.isr');
  for (const line of ['--job-name=bps.R1.7.2.isr', '--output=/s/logging/x.2.out', '--error=/s/logging/x.2.err', '--cpus-per-task=4', '--mem=3072M', '--time=2',
    '--partition=debug', '--qos=regular', '--constraint=cpu', '--account=m1727', '--reservation=dc2', '--licenses=scratch', '--mail-type=NONE']) {
    assert.match(job.script, new RegExp(`^#SBATCH ${line}$`, 'm'), line);
  }
  assert.deepEqual(job.sbatchArgs, ['--exclusive']);
  assert.ok(job.script.startsWith('#!/bin/bash\n'));
});

test("the site's walltime applies when the job requests none; values with blanks go on sbatch's command line", () => {
  const job = renderBatchJob(launch('/my submit/logging'), 'R1', { ...site, walltime: '00:30:00' });
  assert.match(job.script, /^#SBATCH --time=00:30:00$/m);
  assert.ok(!/--output/.test(job.script));
  assert.deepEqual(job.sbatchArgs, ['--output=/my submit/logging/x.2.out', '--error=/my submit/logging/x.2.err']);
});

test('hostile argv words and environment values reach the payload verbatim, never a shell', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bps-batch-'));
  try {
    const marker = join(dir, 'pwned');
    const hostile = ['; touch ' + marker, '$(touch ' + marker + ')', '`touch ' + marker + '`', "it's\nmultiline", '*'];
    const job = renderBatchJob(launch(dir, { argv: ['/usr/bin/printf', '%s|', ...hostile], env: { BPS_HOSTILE: '$(touch ' + marker + ")'" } }), 'R1', site);
    const script = join(dir, 'job.sh');
    writeFileSync(script, job.script.replace('/usr/bin/printf', '/usr/bin/printf'));
    const result = await execa('bash', [script], { reject: false, cwd: dir });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stdout, hostile.map((w) => `${w}|`).join(''));
    assert.throws(() => readFileSync(marker));
    assert.match(readFileSync(join(dir, 'x.2.exit'), 'utf8'), /^exit 0 \d+\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the exit-status file records the exit code, or the signal that killed the payload', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bps-batch-'));
  try {
    for (const [argv, expected] of [[['/bin/sh', '-c', 'exit 3'], /^exit 3 /], [['/bin/sh', '-c', 'kill -9 $$'], /^signal 9 /]] as const) {
      const job = renderBatchJob(launch(dir, { argv: [...argv] }), 'R1', site);
      writeFileSync(join(dir, 'job.sh'), job.script);
      await execa('bash', [join(dir, 'job.sh')], { reject: false });
      assert.match(readFileSync(join(dir, 'x.2.exit'), 'utf8'), expected);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an environment name that is not a shell name is refused', () => {
  assert.throws(() => renderBatchJob(launch('/s', { env: { 'A;B': 'x' } }), 'R1', site), /not a shell name/);
});

test('job names round-trip, and names bps-ts did not make are not claimed', () => {
  assert.deepEqual(parseSlurmJobName(slurmJobName('20261125T061358Z-a3f9c2', 12, 3, 'calibrate')), { runId: '20261125T061358Z-a3f9c2', jobId: 12, attempt: 3 });
  assert.equal(slurmJobName('R', 1, 1, 'a.b c'), 'bps.R.1.1.a_b_c');
  assert.equal(parseSlurmJobName('wrap'), undefined);
  assert.equal(parseSlurmJobName('bps.R.x.1.isr'), undefined);
});

test('shell quoting and Slurm minutes', () => {
  assert.equal(shellQuote('/plain/path-1.0'), '/plain/path-1.0');
  assert.equal(shellQuote("a'b"), `'a'\\''b'`);
  assert.equal(shellQuote(''), "''");
  assert.equal(slurmMinutes(1), '1');
  assert.equal(slurmMinutes(60), '1');
  assert.equal(slurmMinutes(61), '2');
});

test('a scheduler_options item holding a line break adds #SBATCH lines or comments, never a line the shell runs', () => {
  const job = renderBatchJob(launch('/s'), 'R1', { ...site, scheduler_options: ['--licenses=scratch\ntouch /tmp/pwned', '# a comment'] });
  const body = job.script.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  assert.ok(!body.some((line) => line.includes('pwned')), job.script);
  assert.match(job.script, /^#SBATCH touch \/tmp\/pwned$/m);
  assert.match(job.script, /^#SBATCH --licenses=scratch$/m);
});
