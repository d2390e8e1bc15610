import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { BPS, bps, demoConfigLines, useDemoWorkspace } from '../support/bps-cli.js';
import { ensureLocalSlurm } from '../support/slurm.js';
import { assertEachQuantumOnce, readDot, readExecutions, writeFaults } from '../support/standin.js';

/**
 * The Slurm executor against the real slurmctld/slurmd on localhost (scripts/slurm-local.sh): the demo,
 * a failing quantum, a driver killed while jobs are queued and running, lost sbatch answers, bps cancel.
 * The executions log of the stand-in stack is the ground truth.
 */
const workspace = useDemoWorkspace();
let skip: string | undefined;

before(async () => {
  const slurm = await ensureLocalSlurm();
  if (!slurm.available) skip = slurm.reason;
});

/** A config running the demo on the local cluster; `extra` is more YAML for the site block. */
function slurmConfig(name: string, extra = ''): string {
  const path = join(workspace.work.dir, `${name}.yaml`);
  writeFileSync(path, [
    ...demoConfigLines(),
    'computeSite: slurm_local',
    'site:',
    '  slurm_local:',
    '    executor: slurm',
    '    partition: debug',
    '    pollInterval: 0.5',
    ...extra.split('\n').filter((line) => line !== '').map((line) => `    ${line}`),
    '',
  ].join('\n'));
  return path;
}

/** A directory with an `sbatch` wrapper that logs every call (and may fail some) before the real one. */
function sbatchWrapper(name: string, behaviour = ''): { path: string; log: string } {
  const dir = join(workspace.work.dir, `wrap-${name}`);
  mkdirSync(dir, { recursive: true });
  const log = join(dir, 'sbatch.calls');
  const real = '/usr/bin/sbatch';
  writeFileSync(join(dir, 'sbatch'), `#!/bin/bash
# The job name is in the script's #SBATCH lines.
script="\${@: -1}"
name=$(sed -n 's/^#SBATCH --job-name=//p' "$script")
# A job array lists its tasks' jobId.attempt: log one line per job, as for plain jobs.
tasks=$(sed -n 's/^# tasks: //p' "$script")
if [ -n "$tasks" ]; then name=$(for t in $tasks; do echo "bps.array.$t.task"; done); fi
# bps runs several sbatch at once: count under a lock so each call gets its own number.
n=$(flock "${log}.n" bash -c 'n=$(( $(cat "$0" 2>/dev/null || echo 0) + 1 )); echo "$n" > "$0"; echo "$n"' "${log}.n")
${behaviour}
echo "$name" >> "${log}"
exec ${real} "$@"
`);
  chmodSync(join(dir, 'sbatch'), 0o755);
  return { path: dir, log };
}

function withPath(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...workspace.work.env, ...extra, PATH: `${dir}:${workspace.work.env['PATH'] ?? process.env['PATH'] ?? ''}` };
}

/** Slurm job ids per bps job (`bps.<run>.<jobId>.<attempt>.<label>` → jobId.attempt) from the wrapper's log. */
function submittedAttempts(log: string): string[] {
  return readFileSync(log, 'utf8').split('\n').filter((l) => l !== '').map((name) => name.split('.').slice(2, 4).join('.'));
}

async function squeueNames(): Promise<string[]> {
  const { stdout } = await execa('squeue', ['-h', '-o', '%j']);
  return stdout.split('\n').filter((l) => l !== '');
}

test('the demo runs on the local Slurm: 29 quanta succeed, parents first, one batch script per job', async (t) => {
  if (skip) return t.skip(skip);
  const run = 'u/slurm/demo';
  const wrapper = sbatchWrapper('demo');
  const submit = await bps(['submit', slurmConfig('demo'), '-b', workspace.repo, '--output-run', run], { cwd: workspace.work.dir, env: withPath(wrapper.path), timeoutMs: 300_000 });
  assert.equal(submit.exitCode, 0, submit.stderr);
  assert.match(submit.stdout, /^total\s+0\s+0\s+31\s+0\s+31$/m);
  const submitDir = join(workspace.work.dir, 'submit', run);
  const executions = readExecutions(workspace.repo).filter((e) => e.run === run && e.quantumId !== null);
  assert.equal(executions.length, 29);
  assert.ok(executions.every((e) => e.status === 'succeeded'));
  const { edges } = readDot(join(submitDir, `${run.replaceAll('/', '_')}.dot`));
  const ended = new Map(executions.map((e) => [e.quantumId, Date.parse(e.end)]));
  const started = new Map(executions.map((e) => [e.quantumId, Date.parse(e.start)]));
  for (const [parent, child] of edges) assert.ok((ended.get(parent) as number) <= (started.get(child) as number), `${parent} before ${child}`);

  assert.deepEqual(submittedAttempts(wrapper.log).sort(), Array.from({ length: 31 }, (_, i) => `${i + 1}.1`).sort(), 'each job submitted once (29 quanta, init, final)');
  const sbatchCalls = Number(readFileSync(`${wrapper.log}.n`, 'utf8'));
  assert.ok(sbatchCalls < 31, `jobs ready together went as job arrays: ${sbatchCalls} sbatch calls for 31 jobs`);
  // bps plan, on the same config, predicted what was submitted: one Slurm job per job, and no more sbatch calls than its bound.
  const planned = await bps(['plan', slurmConfig('demo'), '-b', workspace.repo, '--output-run', 'u/slurm/demo-plan', '--json'], { cwd: workspace.work.dir, env: withPath(wrapper.path) });
  assert.equal(planned.exitCode, 0, planned.stderr);
  const lines = (JSON.parse(planned.stdout) as { submissions: Array<{ what: string; count: number; max?: number }> }).submissions;
  assert.equal(lines.find((l) => l.what.startsWith('Slurm jobs'))?.count, submittedAttempts(wrapper.log).length);
  assert.ok(sbatchCalls <= (lines.find((l) => l.what === 'sbatch calls')?.max ?? 0));
  assert.equal(Number(readFileSync(`${wrapper.log}.n`, 'utf8')), sbatchCalls, 'planning submitted nothing');
  const scripts = readdirSync(join(submitDir, 'jobs')).filter((f) => f.endsWith('.sh') && !f.startsWith('array.'));
  assert.equal(scripts.length, 31);
  const coadd = readFileSync(join(submitDir, 'jobs', scripts.find((s) => s.includes('assembleCoadd')) as string), 'utf8');
  assert.match(coadd, /^#SBATCH --mem=8192M$/m, 'requestMemory of the label');
  assert.match(coadd, /^#SBATCH --cpus-per-task=1$/m);
  assert.match(coadd, /^#SBATCH --partition=debug$/m);
  assert.match(coadd, new RegExp(`^#SBATCH --output=${submitDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/logging/\\S+\\.1\\.out$`, 'm'));
  const logs = readdirSync(join(submitDir, 'logging'));
  assert.equal(logs.filter((f) => f.endsWith('.exit')).length, 31, 'every job wrote its exit-status file');

  // Usage from the round's one sacct (docs/SLURM.md, "Usage"): this cluster records ElapsedRaw only
  // (jobacct_gather/none), whole seconds; the last round's jobs may go without when accounting lags.
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(submitDir, 'bps.sqlite'), { readonly: true });
  try {
    const usage = db.prepare('SELECT wall_sec AS wall, max_rss_mib AS rss, cpu_sec AS cpu FROM attempts').all() as Array<{ wall: number | null; rss: number | null; cpu: number | null }>;
    const timed = usage.filter((u) => u.wall !== null);
    assert.ok(timed.length >= 25, `run times from sacct for ${timed.length} of 31 jobs`);
    assert.ok(timed.every((u) => Number.isInteger(u.wall) && u.rss === null && u.cpu === null), 'ElapsedRaw only; no MaxRSS, and a flat 00:00:00 TotalCPU read as unknown');
  } finally {
    db.close();
  }
});

test('on Slurm a failing quantum ends FAILED with its exit code and its descendants PRUNED', async (t) => {
  if (skip) return t.skip(skip);
  const run = 'u/slurm/fail';
  const faults = writeFaults(workspace.work.dir, 'faults-fail', '- {label: calibrate, dataId: {detector: 94}, exitCode: 1}\n');
  const submit = await bps(['submit', slurmConfig('fail'), '-b', workspace.repo, '--output-run', run], { cwd: workspace.work.dir, env: { ...workspace.work.env, STANDIN_FAULTS: faults }, timeoutMs: 300_000 });
  assert.equal(submit.exitCode, 1, submit.stderr);
  assert.match(submit.stderr, /\(calibrate\) failed: exit code 1, which is never retried/);
  assert.match(submit.stdout, /^calibrate\s+0\s+0\s+4\s+1\s+0\s+5$/m);
  assert.match(submit.stdout, /^makeWarp\s+0\s+0\s+0\s+0\s+1\s+1$/m);
  const status = JSON.parse((await bps(['status', run, '--json'], { cwd: workspace.work.dir, env: workspace.work.env })).stdout) as { run: { state: string }; totals: { failed: number; pruned: number } };
  assert.equal(status.run.state, 'FAILED');
  assert.equal(status.totals.failed, 1);
  assert.ok(status.totals.pruned > 0);
  const executions = readExecutions(workspace.repo).filter((e) => e.run === run);
  assert.ok(!executions.some((e) => e.label === 'makeWarp'), 'pruned jobs never run');
});

test('kill the driver while Slurm holds queued and running jobs, restart: they are adopted, none submitted twice', async (t) => {
  if (skip) return t.skip(skip);
  const run = 'u/slurm/crash';
  const wrapper = sbatchWrapper('crash');
  // 3 cores per job on the four 4-CPU nodes: one job per node runs, the others wait (PENDING, Resources).
  const config = slurmConfig('crash');
  writeFileSync(config, readFileSync(config, 'utf8').replace('computeSite: slurm_local', 'computeSite: slurm_local\nrequestCpus: 3'));
  const env = withPath(wrapper.path, { STANDIN_TIME_SCALE: '1' });
  const child = execa(BPS, ['submit', config, '-b', workspace.repo, '--output-run', run], { cwd: workspace.work.dir, env, extendEnv: false, reject: false });
  const deadline = Date.now() + 120_000;
  while (!(existsSync(wrapper.log) && submittedAttempts(wrapper.log).length >= 6)) {
    assert.ok(Date.now() < deadline, 'jobs were submitted');
    await sleep(100);
  }
  child.kill('SIGKILL');
  await child;
  const before = await squeueNames();
  assert.ok(before.some((name) => name.startsWith('bps.')), 'jobs are still in Slurm after the driver died');

  const restart = await bps(['restart', run], { cwd: workspace.work.dir, env, timeoutMs: 300_000 });
  assert.equal(restart.exitCode, 0, restart.stderr);
  assert.match(restart.stdout, /^total\s+0\s+0\s+31\s+0\s+31$/m);
  const attempts = submittedAttempts(wrapper.log);
  assert.equal(attempts.length, new Set(attempts).size, `no job attempt submitted twice: ${attempts.join(' ')}`);
  assert.equal(new Set(attempts.map((a) => a.split('.')[0])).size, 31);
  assert.equal(attempts.length, 31, 'no job needed a second attempt');
  assertEachQuantumOnce(workspace.repo, run);
});

test('sbatch failing with "Socket timed out" (once after queueing the job, so its answer is lost) does not fail the run', async (t) => {
  if (skip) return t.skip(skip);
  const run = 'u/slurm/flaky';
  // Calls 1-2 fail before submitting; call 3 submits but reports a timeout: the job must be found by name.
  const wrapper = sbatchWrapper('flaky', `
if [ "$n" -le 2 ]; then echo "sbatch: error: Batch job submission failed: Socket timed out on send/recv operation" >&2; exit 1; fi
if [ "$n" -eq 3 ]; then echo "$name" >> "${'${log}'}.lost"; /usr/bin/sbatch "$@" >/dev/null; echo "sbatch: error: Socket timed out on send/recv operation" >&2; exit 1; fi
`.replaceAll('${log}', join(workspace.work.dir, 'wrap-flaky', 'sbatch.calls')));
  const submit = await bps(['submit', slurmConfig('flaky'), '-b', workspace.repo, '--output-run', run], { cwd: workspace.work.dir, env: withPath(wrapper.path), timeoutMs: 300_000 });
  assert.equal(submit.exitCode, 0, submit.stderr);
  assert.match(submit.stdout, /^total\s+0\s+0\s+31\s+0\s+31$/m);
  const lost = submittedAttempts(`${wrapper.log}.lost`);
  const submitted = submittedAttempts(wrapper.log);
  assert.ok(lost.length > 0);
  for (const attempt of lost) assert.ok(!submitted.includes(attempt), `job ${attempt}, whose sbatch answer was lost, was not submitted again`);
  assert.deepEqual([...submitted, ...lost].sort(), Array.from({ length: 31 }, (_, i) => `${i + 1}.1`).sort(), 'every job submitted exactly once');
  assertEachQuantumOnce(workspace.repo, run);
});

test('slurmctld restarted in the middle of a run: the driver rides out the outage and nothing runs twice', async (t) => {
  if (skip) return t.skip(skip);
  const run = 'u/slurm/ctld';
  const wrapper = sbatchWrapper('ctld');
  const env = withPath(wrapper.path, { STANDIN_TIME_SCALE: '1' });
  const child = execa(BPS, ['submit', slurmConfig('ctld'), '-b', workspace.repo, '--output-run', run], { cwd: workspace.work.dir, env, extendEnv: false, reject: false });
  const deadline = Date.now() + 120_000;
  while (!(existsSync(wrapper.log) && submittedAttempts(wrapper.log).length >= 8)) {
    assert.ok(Date.now() < deadline, 'jobs were submitted');
    await sleep(100);
  }
  // Stop the controller by its pid file (as scripts/slurm-local.sh does), keep it down a few polls, start it again.
  const pid = Number(readFileSync('/run/slurmctld.pid', 'utf8'));
  process.kill(pid, 'SIGTERM');
  while (existsSync(`/proc/${pid}`)) await sleep(100);
  await sleep(3000);
  await execa('slurmctld');
  const result = await child;
  assert.equal(result.exitCode, 0, String(result.stderr));
  assert.match(String(result.stdout), /^total\s+0\s+0\s+31\s+0\s+31$/m);
  const attempts = submittedAttempts(wrapper.log);
  assert.equal(attempts.length, new Set(attempts).size, 'no attempt submitted twice');
  assertEachQuantumOnce(workspace.repo, run);
});

test('bps cancel leaves no job of the run in squeue', async (t) => {
  if (skip) return t.skip(skip);
  const run = 'u/slurm/cancel';
  const faults = writeFaults(workspace.work.dir, 'faults-hang', '- {label: characterizeImage, hang: true}\n');
  const env = { ...workspace.work.env, STANDIN_FAULTS: faults };
  const detached = await bps(['submit', slurmConfig('cancel'), '-b', workspace.repo, '--output-run', run, '--detach'], { cwd: workspace.work.dir, env });
  assert.equal(detached.exitCode, 0, detached.stderr);
  const runId = await runIdOf(run);
  const deadline = Date.now() + 120_000;
  const hanging = async () => {
    const status = JSON.parse((await bps(['status', run, '--json'], { cwd: workspace.work.dir, env })).stdout) as { active: Array<{ label: string; state: string }> };
    return status.active.some((job) => job.label === 'characterizeImage' && job.state === 'RUNNING');
  };
  while (!(await hanging())) {
    assert.ok(Date.now() < deadline, 'characterizeImage jobs run under Slurm');
    await sleep(200);
  }
  assert.ok((await squeueNames()).some((name) => name.startsWith(`bps.${runId}.`)), "the run's jobs are in squeue");
  const cancel = await bps(['cancel', run], { cwd: workspace.work.dir, env });
  assert.equal(cancel.exitCode, 0, cancel.stderr);
  assert.deepEqual((await squeueNames()).filter((name) => name.startsWith(`bps.${runId}.`)), []);
  const status = JSON.parse((await bps(['status', run, '--json'], { cwd: workspace.work.dir, env })).stdout) as { run: { state: string }; totals: { running: number } };
  assert.equal(status.run.state, 'DELETED');
  assert.equal(status.totals.running, 0);
});

async function runIdOf(run: string): Promise<string> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(workspace.work.dir, 'submit', run, 'bps.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT run_id FROM run').get() as { run_id: string }).run_id;
  } finally {
    db.close();
  }
}

test('jobs Slurm holds show as held in bps status, with their Slurm id and reason in --json', async (t) => {
  if (skip) return t.skip(skip);
  const run = 'u/slurm/held';
  const config = slurmConfig('held', 'sbatchOptions: [--hold]');
  const detached = await bps(['submit', config, '-b', workspace.repo, '--output-run', run, '--detach'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(detached.exitCode, 0, detached.stderr);
  interface Status { totals: { held: number; pending: number }; active: Array<{ name: string; state: string; externalId: string | null; reason: string | null }> }
  let status: Status | undefined;
  const deadline = Date.now() + 60_000;
  for (;;) {
    status = JSON.parse((await bps(['status', run, '--json'], { cwd: workspace.work.dir, env: workspace.work.env })).stdout) as Status;
    if (status.totals.held > 0) break;
    assert.ok(Date.now() < deadline, 'the held job was reported');
    await sleep(300);
  }
  const held = status.active.find((job) => job.state === 'HELD');
  assert.ok(held, JSON.stringify(status.active));
  assert.match(held.externalId ?? '', /^\d+$/, 'the Slurm job id');
  assert.match(held.reason ?? '', /JobHeld/);
  const table = await bps(['status', run], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.match(table.stdout, /^task type\s+pending\s+held\s+running\s+succeeded\s+failed\s+total$/m);
  const cancel = await bps(['cancel', run], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(cancel.exitCode, 0, cancel.stderr);
  const runId = await runIdOf(run);
  assert.deepEqual((await squeueNames()).filter((name) => name.startsWith(`bps.${runId}.`)), []);
});
