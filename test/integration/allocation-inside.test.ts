import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { BPS, bps, useDemoWorkspace } from '../support/bps-cli.js';
import { allocationConfig, cancelLeftovers, loginEnv, runIdIn, sacctByName, squeueNames, waitUntil } from '../support/allocation.js';
import { ensureLocalSlurm } from '../support/slurm.js';
import { assertEachQuantumOnce, readExecutions, writeFaults } from '../support/standin.js';

/**
 * executor: allocation inside the user's own allocation (`bps submit` in an `sbatch -N4` script, DESC's
 * NERSC pattern), against the real 4-node Slurm: it uses that allocation and submits no other Slurm job; a
 * driver SIGKILLed there is restarted in the same allocation and adopts the steps still running; `bps
 * cancel` from outside (another host) stops it.
 */
const workspace = useDemoWorkspace();
let skip: string | undefined;

before(async () => {
  const slurm = await ensureLocalSlurm();
  if (!slurm.available) skip = slurm.reason;
});

/** Submits a user's batch script holding all four nodes; returns its Slurm id. */
async function userAllocation(name: string, body: string, env: Record<string, string>, options: { wait?: boolean } = {}): Promise<{ id: string; exitCode: number | undefined }> {
  const script = join(workspace.work.dir, `${name}.sh`);
  writeFileSync(script, `#!/bin/bash\ncd ${JSON.stringify(workspace.work.dir)}\n${body}\n`);
  chmodSync(script, 0o755);
  const args = ['--parsable', '-J', `user-${name}`, '-N4', '--ntasks-per-node=1', '-c4', '--mem=16G', '-t', '10', '-o', join(workspace.work.dir, `${name}.out`), ...(options.wait ? ['--wait'] : []), script];
  const result = await execa('sbatch', args, { env, extendEnv: false, reject: false, timeout: 300_000 });
  return { id: String(result.stdout).trim().split(';')[0] as string, exitCode: result.exitCode };
}

test("bps submit inside the user's sbatch -N4 script runs the jobs as steps of that allocation and submits nothing else", async (t) => {
  if (skip) return t.skip(skip);
  const run = 'u/inside/demo';
  const submitDir = join(workspace.work.dir, 'submit', run);
  t.after(async () => cancelLeftovers(await runIdIn(submitDir)));
  const env = loginEnv(workspace.work.env);
  const config = allocationConfig(workspace.work.dir, 'inside');
  const job = await userAllocation('inside', `${BPS} submit ${config} -b ${workspace.repo} --output-run ${run}`, env, { wait: true });
  assert.equal(job.exitCode, 0, readFileSync(join(workspace.work.dir, 'inside.out'), 'utf8'));
  assertEachQuantumOnce(workspace.repo, run);
  const runId = await runIdIn(submitDir);
  assert.deepEqual(await sacctByName(`bps.${runId}.alloc`), [], 'no allocation of its own');
  const { stdout } = await execa('sacct', ['-n', '-P', '-j', job.id, '-o', 'JobIDRaw,JobName,State,NodeList']);
  const steps = stdout.split('\n').filter((l) => l.includes(`|bps.${runId}.`)).map((l) => l.split('|'));
  assert.equal(steps.length, 31, 'one step per job, in the user\'s allocation');
  assert.ok(steps.every(([id, , state]) => id?.startsWith(`${job.id}.`) && state === 'COMPLETED'));
  assert.deepEqual([...new Set(steps.map((s) => s[3]))].sort(), ['n1', 'n2', 'n3', 'n4']);
  const { stdout: mine } = await execa('sacct', ['-X', '-n', '-P', '-S', 'now-10minutes', '-o', 'JobName']);
  assert.ok(!mine.split('\n').some((name) => name.startsWith(`bps.${runId}`)), 'no Slurm job named after the run');
});

test('a driver SIGKILLed inside the allocation, restarted there, adopts the running steps; bps cancel from outside leaves nothing in squeue', async (t) => {
  if (skip) return t.skip(skip);
  const run = 'u/inside/crash';
  const submitDir = join(workspace.work.dir, 'submit', run);
  t.after(async () => cancelLeftovers(await runIdIn(submitDir)));
  // isr steps run 5 s, so the driver dies while they run; deblend hangs, so the restarted run waits for the cancel.
  const faults = writeFaults(workspace.work.dir, 'faults-inside', '- {label: isr, sleep: 5}\n- {label: deblend, hang: true}\n');
  const env = loginEnv(workspace.work.env, { STANDIN_FAULTS: faults });
  const config = allocationConfig(workspace.work.dir, 'crash');
  const marker = join(workspace.work.dir, 'crash.marker');
  await userAllocation('crash', [
    `${BPS} submit ${config} -b ${workspace.repo} --output-run ${run} > crash-first.out 2>&1 &`,
    'driver=$!',
    // Wait until the five isr steps run in this allocation, then kill the driver hard.
    'for i in $(seq 1 600); do [ "$(squeue -h -s -j "$SLURM_JOB_ID" -o %j | grep -c "\\.isr$")" -ge 5 ] && break; sleep 0.1; done',
    'kill -9 "$driver"',
    `echo "killed with $(squeue -h -s -j "$SLURM_JOB_ID" -o %j | grep -c '\\.isr$') isr steps running" > ${marker}`,
    `${BPS} restart ${run} > crash-restart.out 2>&1`,
    `echo "restart exited $?" >> ${marker}`,
  ].join('\n'), env);
  const elsewhere = { ...env, BPS_HOSTNAME: 'login-test' };
  await waitUntil('the restarted driver running deblend', async () => {
    const status = await bps(['status', run, '--json'], { cwd: workspace.work.dir, env: elsewhere });
    if (status.exitCode !== 0) return false;
    const report = JSON.parse(status.stdout) as { active: Array<{ label: string; state: string }> };
    return report.active.some((j) => j.label === 'deblend' && j.state === 'RUNNING');
  }, 180_000);
  assert.match(readFileSync(marker, 'utf8'), /^killed with 5 isr steps running$/m);
  const restartLog = readFileSync(join(workspace.work.dir, 'crash-restart.out'), 'utf8');
  assert.match(restartLog, /Reconciling \d+ job\(s\) left in flight by an earlier driver/);
  const cancel = await bps(['cancel', run], { cwd: workspace.work.dir, env: elsewhere, timeoutMs: 180_000 });
  assert.equal(cancel.exitCode, 0, cancel.stderr);
  await waitUntil("the user's allocation ending with its script", async () => !(await squeueNames()).includes('user-crash'), 60_000);
  const runId = await runIdIn(submitDir);
  assert.deepEqual((await squeueNames({ steps: true })).filter((n) => n.startsWith(`bps.${runId}.`) || n === 'user-crash'), [], 'nothing left in squeue');
  assert.match(readFileSync(marker, 'utf8'), /^restart exited 1$/m, 'the restarted driver ended as cancelled');
  // None started twice: every quantum ran once, the isr ones the driver was killed under included.
  const executions = readExecutions(workspace.repo).filter((e) => e.run === run && e.quantumId !== null);
  const perQuantum = new Map<string, number>();
  for (const e of executions) perQuantum.set(e.quantumId as string, (perQuantum.get(e.quantumId as string) ?? 0) + 1);
  assert.ok([...perQuantum.values()].every((n) => n === 1), `one execution per quantum: ${JSON.stringify([...perQuantum.entries()].filter(([, n]) => n > 1))}`);
  assert.equal(executions.filter((e) => e.label === 'isr' && e.status === 'succeeded').length, 5);
  const status = JSON.parse((await bps(['status', run, '--json'], { cwd: workspace.work.dir, env: elsewhere })).stdout) as { run: { state: string }; totals: { running: number } };
  assert.equal(status.run.state, 'DELETED');
  assert.equal(status.totals.running, 0);
});
