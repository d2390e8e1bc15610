/** One job as one srun step: the command, and how its end is read (step-command.ts, step-outcome.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { srunArgv, srunVerdictPath, STEP_SCRIPT } from '../../../../src/executors/allocation/step-command.js';
import { stepOutcome, type StepEnd } from '../../../../src/executors/allocation/step-outcome.js';
import type { JobLaunch } from '../../../../src/executors/contract.js';
import { fixture } from '../../../support/slurm-records.js';

const launch: JobLaunch = {
  jobId: 7, name: 'q_isr_1', label: 'isr', attempt: 2, argv: ['pipetask', 'run-qbb', "it's; rm -rf ~"], env: {}, cpus: 2, memoryMiB: 3072,
  walltimeSec: 61, stdoutPath: '/s/logging/q_isr_1.2.out', stderrPath: '/s/logging/q_isr_1.2.err', exitPath: '/s/logging/q_isr_1.2.exit',
};

test('a step asks for exactly the job\'s cores, memory and walltime on the node chosen, named after the attempt', () => {
  const argv = srunArgv(launch, { node: 'n3', cpus: 2, memoryMiB: 3072 }, { jobId: '656', runId: 'R1' });
  assert.deepEqual(argv.slice(0, argv.indexOf('--')), [
    'srun', '--jobid=656', '--exact', '--nodes=1', '--ntasks=1', '--cpus-per-task=2', '--mem=3072M', '--nodelist=n3', '--job-name=bps.R1.7.2.isr', '--time=2',
  ]);
  assert.deepEqual(argv.slice(argv.indexOf('--') + 1), ['/bin/bash', '-c', STEP_SCRIPT, 'bps-step', '/s/logging/q_isr_1.2.exit', 'pipetask', 'run-qbb', "it's; rm -rf ~"]);
  assert.ok(!srunArgv({ ...launch, walltimeSec: undefined }, { node: 'n1', cpus: 1, memoryMiB: 1 }, { jobId: '1', runId: 'R' }).some((a) => a.startsWith('--time')));
  assert.equal(srunVerdictPath(launch.exitPath), '/s/logging/q_isr_1.2.srun');
});

test('the step script runs the argv literally and writes the exit file: exit N, or signal N', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bps-step-'));
  const run = (exit: string, ...argv: string[]) => spawnSync('/bin/bash', ['-c', STEP_SCRIPT, 'bps-step', join(dir, exit), ...argv], { encoding: 'utf8' });
  const ok = run('a.exit', 'printf', '%s', "it's; rm -rf ~");
  assert.equal(ok.stdout, "it's; rm -rf ~");
  assert.match(readFileSync(join(dir, 'a.exit'), 'utf8'), /^exit 0 \d+\n$/);
  assert.equal(run('b.exit', '/bin/sh', '-c', 'exit 3').status, 3);
  assert.match(readFileSync(join(dir, 'b.exit'), 'utf8'), /^exit 3 /);
  run('c.exit', '/bin/sh', '-c', 'kill -9 $$');
  assert.match(readFileSync(join(dir, 'c.exit'), 'utf8'), /^signal 9 /);
});

const end = (over: Partial<StepEnd>): StepEnd => ({ exit: undefined, srun: undefined, stderrTail: '', cancelled: false, at: 1_000, allocation: { jobId: '656', endsAt: 100_000 }, ...over });

test('how a step ended: the job\'s exit file first; Slurm\'s time limits and step-creation failures from srun\'s lines (captured)', () => {
  assert.deepEqual(stepOutcome(end({ exit: { kind: 'exited', exitCode: 0 } })), { kind: 'exited', exitCode: 0 });
  assert.deepEqual(stepOutcome(end({ exit: { kind: 'exited', exitCode: 3 }, srun: { kind: 'exited', exitCode: 3 }, stderrTail: fixture('alloc-stderr-srun-exit3.txt') })), { kind: 'exited', exitCode: 3 });
  assert.deepEqual(stepOutcome(end({ exit: { kind: 'signaled', signal: 'SIGKILL' }, stderrTail: fixture('alloc-stderr-srun-kill9.txt') })), { kind: 'signaled', signal: 'SIGKILL' });
  // srun -t: the step script dies with its payload and writes nothing; slurmstepd says why.
  assert.deepEqual(stepOutcome(end({ srun: { kind: 'exited', exitCode: 143 }, stderrTail: fixture('alloc-stderr-srun-step-timeout.txt') })), { kind: 'timeout' });
  // srun exits 1 without creating the step: never the job's "exit 1" (never retried), a loss (rerun free).
  const lost = stepOutcome(end({ srun: { kind: 'exited', exitCode: 1 }, stderrTail: fixture('alloc-stderr-srun-too-much-memory.txt') }));
  assert.deepEqual(lost, { kind: 'lost', reason: "the step ended without the job's exit file (srun exit code 1: Unable to create step for job 656: Memory required by task is not available)" });
});

test('steps ended by the allocation\'s end are lost (rerun without a retry); steps bps stopped are cancelled', () => {
  const atEnd = end({ at: 99_000, srun: { kind: 'exited', exitCode: 143 }, stderrTail: fixture('alloc-stderr-srun-allocation-end.txt') });
  assert.deepEqual(stepOutcome(atEnd), { kind: 'lost', reason: 'ended with allocation 656 (its time limit)' });
  assert.equal(stepOutcome({ ...atEnd, exit: { kind: 'signaled', signal: 'SIGTERM' } }).kind, 'lost');
  assert.equal(stepOutcome({ ...atEnd, exit: { kind: 'exited', exitCode: 0 } }).kind, 'exited', 'a job that finished in time succeeded');
  assert.deepEqual(stepOutcome(end({ cancelled: true, srun: { kind: 'exited', exitCode: 143 } })), { kind: 'cancelled', reason: 'stopped by bps' });
  assert.deepEqual(stepOutcome(end({ cancelled: true, exit: { kind: 'exited', exitCode: 0 } })), { kind: 'exited', exitCode: 0 });
});
