/** One job as one srun step: the command, and how its end is read (step-command.ts, step-outcome.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { srunArgv } from '../../../../src/executors/allocation/step-command.js';
import { stepOutcome, type StepEnd } from '../../../../src/executors/allocation/step-outcome.js';
import type { JobLaunch } from '../../../../src/executors/contract.js';
import { fixture } from '../../../support/slurm-records.js';

const launch: JobLaunch = {
  jobId: 7, name: 'q_isr_1', label: 'isr', attempt: 2, argv: ['pipetask', 'run-qbb', "it's; rm -rf ~"], env: {}, cpus: 2, memoryMiB: 3072,
  walltimeSec: 61, stdoutPath: '/s/logging/q_isr_1.2.out', stderrPath: '/s/logging/q_isr_1.2.err', exitPath: '/s/logging/q_isr_1.2.exit',
};

test('a step asks for exactly the job\'s cores, memory and walltime on the node chosen, named after the attempt, and runs the argv as is', () => {
  const argv = srunArgv(launch, { node: 'n3', cpus: 2, memoryMiB: 3072 }, { jobId: '656', runId: 'R1' });
  assert.deepEqual(argv, [
    'srun', '--jobid=656', '--exact', '--nodes=1', '--ntasks=1', '--cpus-per-task=2', '--mem=3072M', '--nodelist=n3', '--job-name=bps.R1.7.2.isr', '--time=2',
    '--', 'pipetask', 'run-qbb', "it's; rm -rf ~",
  ]);
  assert.ok(!srunArgv({ ...launch, walltimeSec: undefined }, { node: 'n1', cpus: 1, memoryMiB: 1 }, { jobId: '1', runId: 'R' }).some((a) => a.startsWith('--time')));
});

const end = (over: Partial<StepEnd>): StepEnd => ({ srun: undefined, stderrTail: '', cancelled: false, at: 1_000, allocation: { jobId: '656', endsAt: 100_000 }, ...over });
const exited = (exitCode: number) => ({ kind: 'exited' as const, exitCode });

test('srun\'s status and its task line give the job\'s own ending (captured)', () => {
  assert.deepEqual(stepOutcome(end({ srun: exited(0), stderrTail: fixture('alloc-stderr-srun-ok.txt') })), exited(0));
  assert.deepEqual(stepOutcome(end({ srun: exited(3), stderrTail: fixture('alloc-stderr-srun-exit3.txt') })), exited(3));
  assert.deepEqual(stepOutcome(end({ srun: exited(137), stderrTail: fixture('alloc-stderr-srun-kill9.txt') })), { kind: 'signaled', signal: 'SIGKILL' });
  // A task that itself exits 137 is told from one killed by SIGKILL by srun's line.
  assert.deepEqual(stepOutcome(end({ srun: exited(137), stderrTail: 'srun: error: n1: task 0: Exited with exit code 137\n' })), exited(137));
  // With cgroups (not on the test cluster), Slurm's OOM killer: srun says so (hand-written).
  assert.deepEqual(stepOutcome(end({ srun: exited(137), stderrTail: 'slurmstepd: error: Detected 1 oom_kill event in StepId=9.3.\nsrun: error: nid001: task 0: Out Of Memory\n' })), { kind: 'out-of-memory' });
  // srun --time: slurmstepd says why.
  assert.deepEqual(stepOutcome(end({ srun: exited(143), stderrTail: fixture('alloc-stderr-srun-step-timeout.txt') })), { kind: 'timeout' });
});

test('srun failing around the task is a loss (rerun free), never the job\'s "exit 1" (captured)', () => {
  assert.deepEqual(stepOutcome(end({ srun: exited(1), stderrTail: fixture('alloc-stderr-srun-too-much-memory.txt') })), {
    kind: 'lost', reason: "the step ended without the job's own status (srun exit code 1: Unable to create step for job 656: Memory required by task is not available)",
  });
  assert.deepEqual(stepOutcome(end({ srun: { kind: 'signaled', signal: 'SIGKILL' } })), { kind: 'lost', reason: "the step ended without the job's own status (srun killed by SIGKILL)" });
  assert.equal(stepOutcome(end({})).kind, 'lost', 'no status at all: the wrapper itself died');
});

test('steps ended by the allocation\'s end are lost (rerun without a retry); steps bps stopped are cancelled', () => {
  const atEnd = end({ at: 99_000, srun: exited(143), stderrTail: fixture('alloc-stderr-srun-allocation-end.txt') });
  assert.deepEqual(stepOutcome(atEnd), { kind: 'lost', reason: 'ended with allocation 656 (its time limit)' });
  assert.equal(stepOutcome({ ...atEnd, srun: exited(0) }).kind, 'exited', 'a job that finished in time succeeded');
  assert.deepEqual(stepOutcome(end({ cancelled: true, srun: exited(143) })), { kind: 'cancelled', reason: 'stopped by bps' });
  // Past the end, the driver stopped its steps on Slurm's SIGTERM: the allocation's end, a counted loss.
  assert.equal(stepOutcome({ ...atEnd, at: 101_000, cancelled: true }).kind, 'lost');
  assert.deepEqual(stepOutcome(end({ cancelled: true, srun: exited(0) })), exited(0));
});
