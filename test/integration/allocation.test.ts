import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bps, useDemoWorkspace } from '../support/bps-cli.js';
import { allocationConfig, cancelLeftovers, loginEnv, runIdIn, sacctByName, squeueNames, waitUntil, type SacctRow } from '../support/allocation.js';
import { ensureLocalSlurm } from '../support/slurm.js';
import { assertEachQuantumOnce, readDot, readExecutions, writeFaults } from '../support/standin.js';

/**
 * executor: allocation from a "login node" (this test process, outside any Slurm job), against the real
 * 4-node Slurm (scripts/slurm-local.sh): `bps submit` queues an allocation whose batch script runs the
 * driver, and follows the run; jobs run as srun steps spread over the nodes. Views from "another host"
 * (BPS_HOSTNAME) read what the driver publishes. The stand-in's executions log is the ground truth.
 */
const workspace = useDemoWorkspace();
let skip: string | undefined;

before(async () => {
  const slurm = await ensureLocalSlurm();
  if (!slurm.available) skip = slurm.reason;
});

/** A test's run: its submit dir, and whatever it leaves in Slurm cancelled when the test ends (a failed one may). */
function testRun(t: { after: (fn: () => Promise<void>) => void }, run: string): string {
  const submitDir = join(workspace.work.dir, 'submit', run);
  t.after(async () => cancelLeftovers(await runIdIn(submitDir)));
  return run;
}

interface Status { run: { id: string; state: string; driverAlive: boolean }; totals: { running: number; succeeded: number; total: number }; active: Array<{ label: string; state: string }> }

async function statusOf(run: string, env: Record<string, string>): Promise<Status> {
  const result = await bps(['status', run, '--json'], { cwd: workspace.work.dir, env });
  assert.equal(result.exitCode, 0, result.stderr);
  return JSON.parse(result.stdout) as Status;
}

/** Every parent quantum ended before its child started (the dot's edges against the executions log). */
function assertParentsFirst(run: string): void {
  const executions = readExecutions(workspace.repo).filter((e) => e.run === run && e.quantumId !== null);
  const { edges } = readDot(join(workspace.work.dir, 'submit', run, `${run.replaceAll('/', '_')}.dot`));
  const ended = new Map(executions.map((e) => [e.quantumId, Date.parse(e.end)]));
  const started = new Map(executions.map((e) => [e.quantumId, Date.parse(e.start)]));
  for (const [parent, child] of edges) assert.ok((ended.get(parent) as number) <= (started.get(child) as number), `${parent} before ${child}`);
}

/** One allocation ran the run (the next one, queued behind it, was cancelled unstarted), its steps all on it. */
function assertOneAllocation(rows: readonly SacctRow[], runId: string, jobs: number): void {
  const allocations = rows.filter((r) => r.name === `bps.${runId}.alloc`);
  const ran = allocations.filter((r) => r.state === 'COMPLETED');
  assert.equal(ran.length, 1, `one allocation ran: ${allocations.map((r) => `${r.id} ${r.state}`).join(', ')}`);
  assert.ok(allocations.every((r) => r === ran[0] || /^CANCELLED/.test(r.state)), 'any other was the queued next one, cancelled');
  const steps = rows.filter((r) => r.name.startsWith(`bps.${runId}.`) && /^\d+\.\d+$/.test(r.id));
  assert.equal(steps.length, jobs, 'one step per job');
  assert.ok(steps.every((s) => s.id.startsWith(`${ran[0]?.id}.`) && s.state === 'COMPLETED'), 'every step of that allocation, completed');
  assert.deepEqual([...new Set(steps.map((s) => s.nodes))].sort(), ['n1', 'n2', 'n3', 'n4'], 'spread over the four nodes');
}

test('the demo runs as srun steps of one allocation over 4 nodes, queued and followed from a login node', async (t) => {
  if (skip) return t.skip(skip);
  const run = testRun(t, 'u/alloc/demo');
  const env = loginEnv(workspace.work.env);
  const submit = await bps(['submit', allocationConfig(workspace.work.dir, 'demo'), '-b', workspace.repo, '--output-run', run], { cwd: workspace.work.dir, env, timeoutMs: 300_000 });
  assert.equal(submit.exitCode, 0, submit.stderr);
  assert.match(submit.stderr, /Queued allocation \d+ on compute site 'alloc_local'/);
  assert.match(submit.stdout, /^total\s+0\s+0\s+31\s+0\s+31$/m);
  assertEachQuantumOnce(workspace.repo, run);
  assertParentsFirst(run);
  const { run: { id } } = await statusOf(run, env);
  assertOneAllocation(await sacctByName(`bps.${id}.alloc`), id, 31);
  // bps plan, on the same config, predicted that one allocation (of the site's 4 nodes) would do.
  const planned = await bps(['plan', allocationConfig(workspace.work.dir, 'demo'), '-b', workspace.repo, '--output-run', 'u/alloc/demo-plan', '--json'], { cwd: workspace.work.dir, env });
  assert.equal(planned.exitCode, 0, planned.stderr);
  assert.equal((JSON.parse(planned.stdout) as { allocations: { count: number } }).allocations.count, 1);
  assert.deepEqual((await squeueNames({ steps: true })).filter((n) => n.startsWith(`bps.${id}.`)), [], 'nothing of the run is left in Slurm');
  // Usage: each step's run time from its wrapper (srun lasts as long as the step); its peak memory and CPU
  // only from accounting, which this cluster does not gather: never srun's own, which the wrapper measured.
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(workspace.work.dir, 'submit', run, 'bps.sqlite'), { readonly: true });
  try {
    const usage = db.prepare('SELECT wall_sec AS wall, max_rss_mib AS rss FROM attempts').all() as Array<{ wall: number | null; rss: number | null }>;
    assert.equal(usage.length, 31);
    assert.ok(usage.every((u) => u.wall !== null && u.wall > 0 && u.rss === null), JSON.stringify(usage.slice(0, 3)));
  } finally {
    db.close();
  }
});

test('a 104-quantum graph runs as steps of one allocation, every quantum once, parents first', async (t) => {
  if (skip) return t.skip(skip);
  const run = testRun(t, 'u/alloc/wide');
  const env = loginEnv(workspace.work.env);
  const query = "tract=3828 AND patch IN (16,24,25,30,31) AND skymap='DC2'";
  const submit = await bps(['submit', allocationConfig(workspace.work.dir, 'wide'), '-b', workspace.repo, '--output-run', run, '-d', query], { cwd: workspace.work.dir, env, timeoutMs: 300_000 });
  assert.equal(submit.exitCode, 0, submit.stderr);
  assert.match(submit.stdout, /^total\s+0\s+0\s+106\s+0\s+106$/m);
  assertEachQuantumOnce(workspace.repo, run, 104);
  assertParentsFirst(run);
  const { run: { id } } = await statusOf(run, env);
  assertOneAllocation(await sacctByName(`bps.${id}.alloc`), id, 106);
});

test('from another host, status, report, logs and status --watch read what the driver publishes', async (t) => {
  if (skip) return t.skip(skip);
  const run = testRun(t, 'u/alloc/remote');
  // The driver runs in the allocation on this machine; the views believe they run on a login node.
  const env = loginEnv(workspace.work.env, { STANDIN_TIME_SCALE: '10' });
  const elsewhere = { ...env, BPS_HOSTNAME: 'login-test' };
  const submit = await bps(['submit', allocationConfig(workspace.work.dir, 'remote'), '-b', workspace.repo, '--output-run', run, '--detach'], { cwd: workspace.work.dir, env, timeoutMs: 120_000 });
  assert.equal(submit.exitCode, 0, submit.stderr);
  const submitDir = join(workspace.work.dir, 'submit', run);
  let status = await statusOf(run, elsewhere);
  await waitUntil('the driver publishing with jobs running', async () => {
    status = await statusOf(run, elsewhere);
    return status.run.driverAlive && status.totals.running > 0;
  });
  assert.ok(existsSync(join(submitDir, 'status.json')) && existsSync(join(submitDir, 'bps.snapshot.sqlite')));
  const report = await bps(['report', '--id', run, '--json'], { cwd: workspace.work.dir, env: elsewhere });
  assert.equal(report.exitCode, 0, report.stderr);
  await waitUntil('an isr job done', async () => (await statusOf(run, elsewhere)).totals.succeeded > 3);
  // The snapshot lags the status by up to 10 s: the job's logs are there once it has caught up.
  let logs = await bps(['logs', run, 'isr'], { cwd: workspace.work.dir, env: elsewhere });
  await waitUntil('the snapshot knowing a finished isr job', async () => {
    logs = await bps(['logs', run, 'isr'], { cwd: workspace.work.dir, env: elsewhere });
    return logs.exitCode === 0;
  }, 30_000);
  assert.match(logs.stdout, /^== \S+_isr_\S+ \(isr, /m);
  const watch = await bps(['status', run, '--watch', '--json', '--interval', '1'], { cwd: workspace.work.dir, env: elsewhere, timeoutMs: 180_000 });
  assert.equal(watch.exitCode, 0, watch.stderr);
  const last = JSON.parse(watch.stdout.trim().split('\n').at(-1) as string) as Status;
  assert.equal(last.run.state, 'SUCCEEDED');
  assert.equal(last.run.driverAlive, false);
  assert.equal(last.totals.succeeded, 31);
  assertEachQuantumOnce(workspace.repo, run);
});

test('a job failing in the allocation is told on the login node that follows the run, as a local run tells it', async (t) => {
  if (skip) return t.skip(skip);
  const run = testRun(t, 'u/alloc/fail');
  const faults = writeFaults(workspace.work.dir, 'faults-alloc-fail', '- {label: calibrate, dataId: {detector: 94}, exitCode: 1}\n');
  const env = loginEnv(workspace.work.env, { STANDIN_FAULTS: faults, BPS_HOSTNAME: 'login-test' });
  const submit = await bps(['submit', allocationConfig(workspace.work.dir, 'fail'), '-b', workspace.repo, '--output-run', run], { cwd: workspace.work.dir, env, timeoutMs: 300_000 });
  assert.equal(submit.exitCode, 1, submit.stderr);
  assert.equal(submit.stderr.match(/Job \S+_calibrate_\S+ \(calibrate\) failed: exit code 1, which is never retried/g)?.length, 1, submit.stderr);
  assert.match(submit.stdout, /^calibrate\s+0\s+0\s+4\s+1\s+0\s+5$/m);
});

test('bps cancel from a login node cancels the running and the queued allocation and records the jobs DELETED', async (t) => {
  if (skip) return t.skip(skip);
  const run = testRun(t, 'u/alloc/cancel');
  const faults = writeFaults(workspace.work.dir, 'faults-alloc-hang', '- {label: characterizeImage, hang: true}\n');
  const env = loginEnv(workspace.work.env, { STANDIN_FAULTS: faults, BPS_HOSTNAME: 'login-test' });
  const submit = await bps(['submit', allocationConfig(workspace.work.dir, 'cancel'), '-b', workspace.repo, '--output-run', run, '--detach'], { cwd: workspace.work.dir, env, timeoutMs: 120_000 });
  assert.equal(submit.exitCode, 0, submit.stderr);
  await waitUntil('characterizeImage steps running', async () => (await statusOf(run, env)).active.some((j) => j.label === 'characterizeImage' && j.state === 'RUNNING'));
  const { run: { id } } = await statusOf(run, env);
  const names = await squeueNames({ steps: true });
  assert.equal(names.filter((n) => n === `bps.${id}.alloc`).length, 2, 'the running allocation and the next one queued behind it');
  const cancel = await bps(['cancel', run], { cwd: workspace.work.dir, env, timeoutMs: 180_000 });
  assert.equal(cancel.exitCode, 0, cancel.stderr);
  assert.deepEqual((await squeueNames({ steps: true })).filter((n) => n.startsWith(`bps.${id}.`)), [], 'no allocation or step of the run is left');
  const after = await statusOf(run, env);
  assert.equal(after.run.state, 'DELETED');
  assert.equal(after.totals.running, 0);
});

test("bps ping of an allocation site checks the partition's time and node limits on the real cluster", async (t) => {
  if (skip) return t.skip(skip);
  const env = loginEnv(workspace.work.env);
  const fits = await bps(['ping', allocationConfig(workspace.work.dir, 'ping-ok')], { cwd: workspace.work.dir, env });
  assert.equal(fits.exitCode, 0, fits.stdout + fits.stderr);
  assert.match(fits.stdout, /^ok +walltime +walltime 00:10:00 within partition 'debug's MaxTime UNLIMITED$/m);
  assert.match(fits.stdout, /^ok +nodes +4 nodes within partition 'debug's limits \(MaxNodes UNLIMITED, 4 nodes\)$/m);
  const tooBig = await bps(['ping', allocationConfig(workspace.work.dir, 'ping-big', { nodes: 5 })], { cwd: workspace.work.dir, env });
  assert.equal(tooBig.exitCode, 1, tooBig.stdout + tooBig.stderr);
  assert.match(tooBig.stdout, /^FAIL +nodes +5 nodes, but partition 'debug' has 4$/m);
});
