/**
 * Parsers for Slurm client output, run on REAL Slurm 22.05.8 output captured from the local cluster by
 * test/fixtures/slurm/capture.sh. Every captured job is named cap-<what>, so records are found by name (ids
 * change with every capture). The `*-handwritten.txt` fixtures hold states this machine cannot produce
 * (OUT_OF_MEMORY needs cgroups, PREEMPTED a preemption setup, BOOT_FAIL power-saving nodes, …): they are
 * written by hand in the same format as the captured files next to them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SACCT_FIELDS,
  SQUEUE_FORMAT,
  classifySlurmRecord,
  isInvalidJobIdError,
  isTransientSlurmError,
  parseSacct,
  parseSbatchId,
  parseScontrolShowJob,
  parseSqueue,
  sacctArgs,
  squeueArgs,
  type SlurmJobRecord,
  type SlurmPhase,
} from '../../../../src/executors/slurm/slurm-output.js';
import { SLURM_FIXTURE_DIR } from '../../../support/slurm.js';

const fixture = (name: string): string => readFileSync(join(SLURM_FIXTURE_DIR, name), 'utf8');

function byName(records: readonly SlurmJobRecord[], name: string): SlurmJobRecord {
  const found = records.filter((r) => r.name === name);
  assert.equal(found.length, 1, `exactly one record named ${name}, got ${found.length}`);
  return found[0]!;
}

/** Everything but the id, which changes per capture. */
function shape(record: SlurmJobRecord): Omit<SlurmJobRecord, 'id' | 'arrayId'> {
  const { id: _id, arrayId: _arrayId, ...rest } = record;
  return rest;
}

const ended = (outcome: unknown): SlurmPhase => ({ kind: 'ended', outcome }) as SlurmPhase;
const queued = (reason: string, held = false): SlurmPhase => ({ kind: 'queued', reason, held });
const RUNNING: SlurmPhase = { kind: 'running' };

test('argv builders: squeue with -h -t all -r and the format, sacct with -X -n -P and the fields', () => {
  assert.equal(SQUEUE_FORMAT, '%i|%T|%r|%j');
  assert.deepEqual(squeueArgs({}), ['-h', '-t', 'all', '-r', '-o', '%i|%T|%r|%j']);
  assert.deepEqual(squeueArgs({ user: 'alice', ids: ['1', '2', '3'] }), ['-h', '-t', 'all', '-r', '-o', '%i|%T|%r|%j', '-u', 'alice', '-j', '1,2,3']);
  assert.throws(() => squeueArgs({ ids: [] }), /no job ids/);
  assert.deepEqual(sacctArgs(['7', '9']), ['-X', '-n', '-P', '-j', '7,9', '-o', 'JobIDRaw,JobID,State,ExitCode,Reason,JobName']);
  for (const field of ['JobIDRaw', 'JobName', 'State', 'ExitCode', 'Reason']) assert.ok(SACCT_FIELDS.includes(field));
  assert.throws(() => sacctArgs([]), /no job ids/);
});

test('squeue (captured, live): running, pending for Resources / Dependency / JobHeldUser / array throttle', () => {
  const records = parseSqueue(fixture('squeue-live.txt'));
  assert.equal(records.length, 14);
  assert.deepEqual(shape(byName(records, 'cap-timeout')), { name: 'cap-timeout', state: 'RUNNING', reason: '' });
  assert.deepEqual(classifySlurmRecord(byName(records, 'cap-running-cancelled')), RUNNING);
  assert.deepEqual(classifySlurmRecord(byName(records, 'cap-resources')), queued('Resources'));
  assert.deepEqual(classifySlurmRecord(byName(records, 'cap-dep-pending')), queued('Dependency'));
  assert.deepEqual(byName(records, 'cap-held').reason, 'JobHeldUser');
  assert.deepEqual(classifySlurmRecord(byName(records, 'cap-held')), queued('JobHeldUser', true));
  // '|' and spaces in a name survive because the name is the last column.
  assert.deepEqual(shape(byName(records, 'cap spaced | name')), { name: 'cap spaced | name', state: 'COMPLETED', reason: '' });
  // -r expands array tasks as <master>_<task>; squeue has no exit codes at all (SLURM.md).
  const tasks = records.filter((r) => r.name === 'cap-array');
  assert.deepEqual(tasks.map((r) => [r.id.replace(/^\d+_/, '*_'), r.state, r.reason]), [
    ['*_1', 'PENDING', 'JobArrayTaskLimit'], ['*_2', 'PENDING', 'JobArrayTaskLimit'], ['*_0', 'RUNNING', '']]);
  for (const task of tasks) assert.equal(task.arrayId, task.id);
  assert.ok(records.every((r) => r.exitCode === undefined && r.signal === undefined));
  // Without an exit code a FAILED record still never reads as success.
  assert.deepEqual(classifySlurmRecord(byName(records, 'cap-fail3')), ended({ kind: 'exited', exitCode: 1 }));
});

test('squeue (captured, final): every ending, and the stale wait reason a cancelled pending job keeps', () => {
  const records = parseSqueue(fixture('squeue-final.txt'));
  assert.equal(records.length, 16);
  const phase = (name: string) => classifySlurmRecord(byName(records, name));
  assert.deepEqual(phase('cap-timeout'), ended({ kind: 'timeout' }));
  assert.deepEqual(phase('cap-completed'), ended({ kind: 'exited', exitCode: 0 }));
  assert.deepEqual(phase('cap-nodefail'), ended({ kind: 'lost', reason: 'NODE_FAIL (NodeDown)' }));
  assert.deepEqual(phase('cap-dep-never'), ended({ kind: 'cancelled', reason: 'DependencyNeverSatisfied' }));
  assert.deepEqual(phase('cap-dep-pending'), ended({ kind: 'cancelled', reason: 'DependencyNeverSatisfied' }));
  assert.deepEqual(phase('cap-running-cancelled'), ended({ kind: 'cancelled', reason: 'cancelled' }));
  assert.deepEqual(phase('cap-resources'), ended({ kind: 'cancelled', reason: 'Resources' }));
  assert.deepEqual(phase('cap-held'), ended({ kind: 'cancelled', reason: 'JobHeldUser' }));
  assert.deepEqual(byName(records, 'cap-kill9').reason, 'JobLaunchFailure');
  // A job requeued after NODE_FAIL and then cancelled while waiting out its requeue delay.
  assert.deepEqual(shape(byName(records, 'cap-requeued')), { name: 'cap-requeued', state: 'CANCELLED', reason: 'BeginTime' });
});

test('squeue (captured, node failure): --no-requeue ends NODE_FAIL, the requeued job is PENDING/BeginTime', () => {
  const records = parseSqueue(fixture('squeue-nodefail.txt'));
  assert.deepEqual(records.map(shape), [
    { name: 'cap-nodefail', state: 'NODE_FAIL', reason: 'NodeDown' },
    { name: 'cap-requeued', state: 'PENDING', reason: 'BeginTime' },
  ]);
  assert.deepEqual(classifySlurmRecord(records[1]!), queued('BeginTime'));
});

test('sacct (captured, final): exit codes N:S, "CANCELLED by 0", array tasks by raw id', () => {
  const records = parseSacct(fixture('sacct-final.txt'));
  assert.equal(records.length, 16);
  const expect: Record<string, [Omit<SlurmJobRecord, 'id' | 'arrayId' | 'name'>, SlurmPhase]> = {
    'cap-timeout': [{ state: 'TIMEOUT', reason: '', exitCode: 0, signal: 0 }, ended({ kind: 'timeout' })],
    'cap-completed': [{ state: 'COMPLETED', reason: '', exitCode: 0, signal: 0 }, ended({ kind: 'exited', exitCode: 0 })],
    'cap spaced | name': [{ state: 'COMPLETED', reason: '', exitCode: 0, signal: 0 }, ended({ kind: 'exited', exitCode: 0 })],
    'cap-fail3': [{ state: 'FAILED', reason: '', exitCode: 3, signal: 0 }, ended({ kind: 'exited', exitCode: 3 })],
    'cap-fail1-parent': [{ state: 'FAILED', reason: '', exitCode: 1, signal: 0 }, ended({ kind: 'exited', exitCode: 1 })],
    'cap-kill9': [{ state: 'FAILED', reason: '', exitCode: 0, signal: 9 }, ended({ kind: 'signaled', signal: 'SIGKILL' })],
    // sacct says Reason=Dependency (scontrol: DependencyNeverSatisfied) and no "by" for slurmctld's own cancel.
    'cap-dep-never': [{ state: 'CANCELLED', reason: 'Dependency', exitCode: 0, signal: 0 }, ended({ kind: 'cancelled', reason: 'Dependency' })],
    'cap-dep-pending': [{ state: 'CANCELLED', reason: 'Dependency', exitCode: 0, signal: 0 }, ended({ kind: 'cancelled', reason: 'Dependency' })],
    'cap-running-cancelled': [{ state: 'CANCELLED', cancelledBy: '0', reason: '', exitCode: 0, signal: 0 }, ended({ kind: 'cancelled', reason: 'by uid 0' })],
    'cap-held': [{ state: 'CANCELLED', cancelledBy: '0', reason: 'JobHeldUser', exitCode: 0, signal: 0 }, ended({ kind: 'cancelled', reason: 'by uid 0' })],
    'cap-resources': [{ state: 'CANCELLED', cancelledBy: '0', reason: '', exitCode: 0, signal: 0 }, ended({ kind: 'cancelled', reason: 'by uid 0' })],
    'cap-nodefail': [{ state: 'NODE_FAIL', reason: '', exitCode: 0, signal: 0 }, ended({ kind: 'lost', reason: 'NODE_FAIL' })],
    'cap-requeued': [{ state: 'CANCELLED', cancelledBy: '0', reason: 'BeginTime', exitCode: 0, signal: 0 }, ended({ kind: 'cancelled', reason: 'by uid 0' })],
  };
  for (const [name, [fields, phase]] of Object.entries(expect)) {
    const record = byName(records, name);
    assert.deepEqual(shape(record), { name, ...fields }, name);
    assert.deepEqual(classifySlurmRecord(record), phase, name);
    assert.equal(record.arrayId, undefined, name);
  }
  // JobIDRaw is the id; the last array task keeps the master's raw id (SLURM.md "Arrays").
  const tasks = records.filter((r) => r.name === 'cap-array');
  const master = tasks.find((t) => t.arrayId?.endsWith('_2'))!;
  assert.deepEqual(tasks.map((t) => t.arrayId), [`${master.id}_0`, `${master.id}_1`, `${master.id}_2`]);
  assert.ok(tasks.every((t) => t.state === 'COMPLETED' && /^\d+$/.test(t.id)));
  assert.notEqual(tasks[0]!.id, master.id);
});

test('sacct (captured, live): PENDING and RUNNING rows, the pending array master as <id>_[1-2%1]', () => {
  const records = parseSacct(fixture('sacct-live.txt'));
  assert.equal(records.length, 13);
  assert.deepEqual(classifySlurmRecord(byName(records, 'cap-timeout')), RUNNING);
  assert.deepEqual(classifySlurmRecord(byName(records, 'cap-held')), queued('JobHeldUser', true));
  assert.deepEqual(classifySlurmRecord(byName(records, 'cap-dep-pending')), queued('Dependency'));
  // sacct has no reason yet for a job waiting on Resources: the state word stands in.
  assert.deepEqual(classifySlurmRecord(byName(records, 'cap-resources')), queued('PENDING'));
  const pendingTasks = records.filter((r) => r.name === 'cap-array' && r.state === 'PENDING');
  assert.equal(pendingTasks.length, 1);
  assert.match(pendingTasks[0]!.arrayId!, /^\d+_\[1-2%1\]$/);
  assert.equal(pendingTasks[0]!.reason, 'JobArrayTaskLimit');
});

test('sacct (captured, lagging slurmdbd): placeholder names, stale states and missing jobs next to squeue', () => {
  // A second capture on a busy machine: sacct ran 2 s after the submissions while slurmdbd was behind.
  // Its rows carry JobName=allocation, a running job still reads PENDING, and 5 of 13 jobs are missing:
  // sacct is only trustworthy for jobs squeue no longer lists, and a filter by job name can miss fresh jobs.
  const sacct = parseSacct(fixture('sacct-live-lagging.txt'));
  const squeue = new Map(parseSqueue(fixture('squeue-live-lagging.txt')).map((r) => [r.id, r]));
  assert.equal(sacct.length, 8);
  assert.ok(sacct.every((r) => r.name === 'allocation' && squeue.get(r.id)?.name.startsWith('cap')));
  const timeout = sacct.find((r) => squeue.get(r.id)!.name === 'cap-timeout')!;
  assert.deepEqual([timeout.state, squeue.get(timeout.id)!.state], ['PENDING', 'RUNNING']);
  const depNever = sacct.find((r) => squeue.get(r.id)!.name === 'cap-dep-never')!;
  assert.deepEqual([depNever.state, depNever.reason, squeue.get(depNever.id)!.reason], ['CANCELLED', '', 'DependencyNeverSatisfied']);
  assert.equal(squeue.size, 14);
  assert.deepEqual([...squeue.values()].filter((r) => !sacct.some((s) => s.id === r.id)).map((r) => r.name).sort(),
    ['cap-array', 'cap-array', 'cap-array', 'cap-dep-pending', 'cap-held', 'cap-resources']);
});

test('sacct (captured) without -X: .batch step rows are skipped; with -D the last row of a requeued job wins', () => {
  const steps = fixture('sacct-steps.txt');
  assert.ok(steps.includes('.batch|'));
  assert.deepEqual(parseSacct(steps), parseSacct(fixture('sacct-final.txt')));
  const duplicates = fixture('sacct-requeued-duplicates.txt');
  assert.equal(duplicates.trim().split('\n').length, 3);
  const records = parseSacct(duplicates);
  assert.deepEqual(records.map((r) => [r.name, r.state, r.cancelledBy]), [['cap-nodefail', 'NODE_FAIL', undefined], ['cap-requeued', 'CANCELLED', '0']]);
});

test('scontrol (captured): one-line and multi-line formats give the same records', () => {
  for (const moment of ['live', 'final']) {
    const oneLiner = parseScontrolShowJob(fixture(`scontrol-oneliner-${moment}.txt`));
    assert.deepEqual(parseScontrolShowJob(fixture(`scontrol-multiline-${moment}.txt`)), oneLiner, moment);
    assert.ok(oneLiner.length >= 13, `${moment}: ${oneLiner.length} records`);
    assert.ok(oneLiner.every((r) => /^\d+$/.test(r.id) && r.name.length > 0), moment);
  }
  const live = parseScontrolShowJob(fixture('scontrol-oneliner-live.txt'));
  assert.deepEqual(classifySlurmRecord(byName(live, 'cap-resources')), queued('Resources'));
  assert.deepEqual(classifySlurmRecord(byName(live, 'cap-held')), queued('JobHeldUser', true));
  assert.deepEqual(classifySlurmRecord(byName(live, 'cap-dep-pending')), queued('Dependency'));
  assert.deepEqual(classifySlurmRecord(byName(live, 'cap-timeout')), RUNNING);
  // The array master of a throttled array: one record for the pending rest, with the task range.
  assert.match(live.find((r) => r.name === 'cap-array' && r.state === 'PENDING')!.arrayId!, /^\d+_1-2%1$/);
});

test('scontrol (captured, final): exit codes, signals, reasons and names with spaces', () => {
  const records = parseScontrolShowJob(fixture('scontrol-oneliner-final.txt'));
  const expect: Record<string, [string, string, number, number, SlurmPhase]> = {
    'cap-timeout': ['TIMEOUT', 'TimeLimit', 0, 15, ended({ kind: 'timeout' })],
    'cap-completed': ['COMPLETED', '', 0, 0, ended({ kind: 'exited', exitCode: 0 })],
    'cap spaced | name': ['COMPLETED', '', 0, 0, ended({ kind: 'exited', exitCode: 0 })],
    'cap-fail3': ['FAILED', 'NonZeroExitCode', 3, 0, ended({ kind: 'exited', exitCode: 3 })],
    'cap-kill9': ['FAILED', 'JobLaunchFailure', 0, 9, ended({ kind: 'signaled', signal: 'SIGKILL' })],
    'cap-dep-never': ['CANCELLED', 'DependencyNeverSatisfied', 0, 0, ended({ kind: 'cancelled', reason: 'DependencyNeverSatisfied' })],
    'cap-running-cancelled': ['CANCELLED', '', 0, 15, ended({ kind: 'cancelled', reason: 'cancelled' })],
    'cap-held': ['CANCELLED', 'JobHeldUser', 0, 0, ended({ kind: 'cancelled', reason: 'JobHeldUser' })],
    'cap-nodefail': ['NODE_FAIL', 'NodeDown', 0, 0, ended({ kind: 'lost', reason: 'NODE_FAIL (NodeDown)' })],
  };
  for (const [name, [state, reason, exitCode, signal, phase]] of Object.entries(expect)) {
    const record = byName(records, name);
    assert.deepEqual(shape(record), { name, state, reason, exitCode, signal }, name);
    assert.deepEqual(classifySlurmRecord(record), phase, name);
  }
  const tasks = records.filter((r) => r.name === 'cap-array');
  assert.equal(tasks.length, 3);
  const masterId = tasks.find((t) => t.arrayId!.endsWith('_2'))!.id;
  assert.deepEqual(tasks.map((t) => t.arrayId).sort(), [`${masterId}_0`, `${masterId}_1`, `${masterId}_2`]);
  const nodefail = parseScontrolShowJob(fixture('scontrol-oneliner-nodefail.txt'));
  assert.deepEqual(nodefail.map((r) => [r.name, r.state, r.reason]), [['cap-nodefail', 'NODE_FAIL', 'NodeDown'], ['cap-requeued', 'PENDING', 'BeginTime']]);
});

test('scontrol: values with spaces other than the name stay whole; a missing JobState is UNKNOWN and lost', () => {
  const text = 'JobId=5 JobName=a=b c UserId=me(1) JobState=RUNNING Reason=None WorkDir=/tmp/with space ExitCode=0:0\n';
  assert.deepEqual(parseScontrolShowJob(text), [{ id: '5', name: 'a=b c', state: 'RUNNING', reason: '', exitCode: 0, signal: 0 }]);
  const [noState] = parseScontrolShowJob('JobId=6 JobName=x UserId=me(1)\n');
  assert.deepEqual(classifySlurmRecord(noState!), ended({ kind: 'lost', reason: 'unrecognised Slurm state UNKNOWN' }));
});

test('hand-written sacct rows: states this single node cannot produce', () => {
  // Hand-written (not captured): OUT_OF_MEMORY needs cgroup memory enforcement, PREEMPTED a preemption setup,
  // BOOT_FAIL/CONFIGURING power-saving nodes, REVOKED a federation, DEADLINE --deadline runs, and the rest
  // admin actions (suspend, requeuehold) this test setup does not perform.
  const records = parseSacct(fixture('sacct-handwritten.txt'));
  const phases = Object.fromEntries(records.map((r) => [r.name, classifySlurmRecord(r)]));
  assert.deepEqual(phases, {
    'hw-oom': ended({ kind: 'out-of-memory' }),
    'hw-preempted': ended({ kind: 'lost', reason: 'PREEMPTED' }),
    'hw-boot-fail': ended({ kind: 'lost', reason: 'BOOT_FAIL' }),
    'hw-deadline': ended({ kind: 'timeout' }),
    'hw-requeued': queued('REQUEUED'),
    'hw-suspended': RUNNING,
    'hw-special-exit': queued('SPECIAL_EXIT', true),
    'hw-requeue-hold': queued('JobHeldAdmin', true),
    'hw-unknown': ended({ kind: 'lost', reason: 'unrecognised Slurm state UNKNOWN' }),
    'hw-revoked': ended({ kind: 'lost', reason: 'REVOKED' }),
    'hw-completing': RUNNING,
    'hw-failed-no-code': ended({ kind: 'exited', exitCode: 1 }),
    'hw-cancelled-by-user': ended({ kind: 'cancelled', reason: 'by uid 1000' }),
    'hw-failed-code-and-signal': ended({ kind: 'exited', exitCode: 2 }),
    'hw-new-word': ended({ kind: 'lost', reason: 'unrecognised Slurm state WEIRD_NEW_STATE' }),
  });
  assert.deepEqual(byName(records, 'hw-oom'), { id: '101', name: 'hw-oom', state: 'OUT_OF_MEMORY', reason: 'OutOfMemory', exitCode: 0, signal: 125 });
});

test('hand-written squeue rows: CONFIGURING, JobHeldAdmin, STOPPED, reasons with spaces, (null)', () => {
  // Hand-written for the same reason as above; squeue's format is the captured one.
  const records = parseSqueue(fixture('squeue-handwritten.txt'));
  assert.deepEqual(records.map(classifySlurmRecord), [
    queued('CONFIGURING'),
    queued('JobHeldAdmin', true),
    RUNNING,
    queued('ReqNodeNotAvail, UnavailableNodes:node[01-02]'),
    queued('PENDING'),
    ended({ kind: 'out-of-memory' }),
    ended({ kind: 'lost', reason: 'PREEMPTED' }),
  ]);
  assert.equal(records[4]!.reason, '');
});

test('state words: truncated "CANCELLED+" and lower case are normalised; a row with too few columns throws', () => {
  const [truncated] = parseSacct('7|7|CANCELLED+|0:0|None|x\n');
  assert.deepEqual(truncated, { id: '7', name: 'x', state: 'CANCELLED', reason: '', exitCode: 0, signal: 0 });
  assert.equal(parseSqueue('8|running|None|y\n')[0]!.state, 'RUNNING');
  assert.deepEqual(parseSacct('\n\n'), []);
  assert.throws(() => parseSacct('7|7|COMPLETED\n'), /expected 6 '\|'-separated columns/);
  assert.throws(() => parseSqueue('garbage\n'), /expected 4/);
  const [noExit] = parseSacct('9|9|COMPLETED||None|z\n');
  assert.equal(noExit!.exitCode, undefined);
  assert.deepEqual(classifySlurmRecord(noExit!), ended({ kind: 'exited', exitCode: 0 }));
  assert.deepEqual(classifySlurmRecord({ id: '1', name: '', state: 'FAILED', reason: '', exitCode: 0, signal: 40 }), ended({ kind: 'signaled', signal: 'SIG40' }));
});

test('sbatch ids: captured --parsable and plain forms, ;cluster, and garbage throws', () => {
  assert.match(parseSbatchId(fixture('sbatch-parsable.txt')), /^\d+$/);
  assert.equal(parseSbatchId(fixture('sbatch-parsable.txt')), fixture('sbatch-parsable.txt').trim());
  assert.equal(parseSbatchId(fixture('sbatch-plain.txt')), fixture('sbatch-plain.txt').match(/\d+/)![0]);
  assert.equal(parseSbatchId('123\n'), '123');
  assert.equal(parseSbatchId('123;cluster\n'), '123');
  assert.equal(parseSbatchId('Submitted batch job 123'), '123');
  assert.equal(parseSbatchId('Submitted batch job 124 on cluster ci\n'), '124');
  for (const bad of ['', '\n', 'abc', '12a', 'sbatch: error: Batch job submission failed: Invalid partition name specified', '1\n2\n']) {
    assert.throws(() => parseSbatchId(bad), /sbatch printed no job id/, JSON.stringify(bad));
  }
});

test('client errors (captured stderr): unreachable controller/slurmdbd and timeouts are transient, refusals are not', () => {
  for (const name of ['squeue-connect-failure', 'sbatch-connect-failure', 'sacct-dbd-down', 'squeue-socket-timeout', 'sbatch-socket-timeout']) {
    const stderr = fixture(`stderr-${name}.txt`);
    assert.ok(stderr.length > 0, name);
    assert.equal(isTransientSlurmError(stderr), true, name);
    assert.equal(isInvalidJobIdError(stderr), false, name);
  }
  for (const name of ['squeue-invalid-id', 'scontrol-invalid-id']) {
    const stderr = fixture(`stderr-${name}.txt`);
    assert.equal(stderr, 'slurm_load_jobs error: Invalid job id specified\n');
    assert.equal(isInvalidJobIdError(stderr), true, name);
    assert.equal(isTransientSlurmError(stderr), false, name);
  }
  for (const name of ['sbatch-bad-partition', 'sbatch-too-many-cpus', 'sbatch-too-much-memory']) {
    const stderr = fixture(`stderr-${name}.txt`);
    assert.match(stderr, /^sbatch: error: /, name);
    assert.equal(isTransientSlurmError(stderr), false, name);
    assert.equal(isInvalidJobIdError(stderr), false, name);
  }
  // Captured surprises: scancel of an unknown id and sbatch with a dependency on one are silent and exit 0.
  assert.equal(fixture('stderr-scancel-invalid-id.txt'), '');
  assert.equal(fixture('stderr-sbatch-bad-dependency.txt'), '');
  assert.match(fixture('stderr-exit-codes.txt'), /^scancel-invalid-id rc=0:/m);
  assert.match(fixture('stderr-exit-codes.txt'), /^sbatch-bad-dependency rc=0:/m);
});

test('client errors (hand-written texts from Slurm sources/docs that this cluster did not print)', () => {
  const transient = [
    'sbatch: error: Slurm temporarily unable to accept job, sleeping and retrying',
    'sbatch: error: Batch job submission failed: Resource temporarily unavailable',
    'squeue: error: slurm_receive_msg: Transport endpoint is not connected',
    'slurm_load_jobs error: Zero Bytes were transmitted or received',
    'sacct: error: slurmdbd: Connection reset by peer',
    'scancel: error: Kill job error on job id 5: Communication connection failure',
    'sacct: error: Database is busy or waiting for lock from other user.',
    'sacct: error: slurmdbd: Unable to connect to database',
  ];
  for (const stderr of transient) assert.equal(isTransientSlurmError(stderr), true, stderr);
  const permanent = [
    'sbatch: error: Batch job submission failed: Invalid account or account/partition combination specified',
    'sbatch: error: Batch job submission failed: Invalid qos specification',
    'scontrol: error: Invalid job id specified',
    'sbatch: error: Batch job submission failed: Access/permission denied',
    // A refusal wins over a transient-sounding line in the same stderr.
    'sbatch: error: Slurm temporarily unable to accept job, sleeping and retrying\nsbatch: error: Batch job submission failed: Invalid partition name specified',
    '',
  ];
  for (const stderr of permanent) assert.equal(isTransientSlurmError(stderr), false, stderr);
  assert.equal(isInvalidJobIdError('scancel: error: Kill job error on job id 999999: Invalid job id specified'), true);
  assert.equal(isInvalidJobIdError('Socket timed out on send/recv operation'), false);
});
