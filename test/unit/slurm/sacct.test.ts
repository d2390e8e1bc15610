/** Parsers of Slurm's output (slurm/sacct.ts), on captured and hand-written text: see test/support/slurm-records.ts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifySlurmRecord, type SlurmPhase } from '../../../src/slurm/job-phase.js';
import { type SlurmJobRecord } from '../../../src/slurm/record.js';
import { SACCT_STATE_FIELDS } from '../../../src/slurm/args.js';
import { parseSacct } from '../../../src/slurm/sacct.js';
import { parseSqueue } from '../../../src/slurm/squeue.js';
import { fixture, byName, shape, ended, queued, RUNNING } from '../../support/slurm-records.js';

test('sacct (captured, final): exit codes N:S, "CANCELLED by 0", array tasks by raw id', () => {
  const records = parseSacct(fixture('sacct-final.txt'), SACCT_STATE_FIELDS);
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
  const records = parseSacct(fixture('sacct-live.txt'), SACCT_STATE_FIELDS);
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
  const sacct = parseSacct(fixture('sacct-live-lagging.txt'), SACCT_STATE_FIELDS);
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
  assert.deepEqual(parseSacct(steps, SACCT_STATE_FIELDS), parseSacct(fixture('sacct-final.txt'), SACCT_STATE_FIELDS));
  const duplicates = fixture('sacct-requeued-duplicates.txt');
  assert.equal(duplicates.trim().split('\n').length, 3);
  const records = parseSacct(duplicates, SACCT_STATE_FIELDS);
  assert.deepEqual(records.map((r) => [r.name, r.state, r.cancelledBy]), [['cap-nodefail', 'NODE_FAIL', undefined], ['cap-requeued', 'CANCELLED', '0']]);
});

test('hand-written sacct rows: states this single node cannot produce', () => {
  // Hand-written (not captured): OUT_OF_MEMORY needs cgroup memory enforcement, PREEMPTED a preemption setup,
  // BOOT_FAIL/CONFIGURING power-saving nodes, REVOKED a federation, DEADLINE --deadline runs, and the rest
  // admin actions (suspend, requeuehold) this test setup does not perform.
  const records = parseSacct(fixture('sacct-handwritten.txt'), SACCT_STATE_FIELDS);
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

test('sacct usage (captured, jobacct_gather/none): ElapsedRaw only; an empty MaxRSS and a flat 00:00:00 TotalCPU are unknown', () => {
  const records = parseSacct(fixture('sacct-usage.txt'));
  assert.equal(records.length, 7, 'one record per job: step rows only add to its usage');
  assert.deepEqual(records.map((r) => [r.name, r.usage]).filter(([name]) => String(name).startsWith('learn') || String(name).startsWith('cap')), [
    ['learn-cap-cpu', { wallSec: 3 }],
    ['cap-usage-fail3', { wallSec: 1 }],
  ]);
  assert.deepEqual(classifySlurmRecord(byName(records, 'cap-usage-fail3')), ended({ kind: 'exited', exitCode: 3 }));
  assert.ok(records.filter((r) => r.arrayId !== undefined).length === 5);
});

test('sacct usage (hand-written, with jobacct_gather): MaxRSS the largest step\'s in any unit, TotalCPU in every format', () => {
  const records = parseSacct(fixture('sacct-usage-handwritten.txt'));
  const usage = Object.fromEntries(records.map((r) => [r.name, r.usage]));
  assert.deepEqual(usage['hw-usage-ok'], { maxRssMiB: 1800, wallSec: 754, cpuSec: 751.512 });
  assert.deepEqual(usage['hw-usage-oom'], { maxRssMiB: 4096, wallSec: 61, cpuSec: 58.12 });
  assert.deepEqual(usage['hw-usage-array'], { maxRssMiB: 2560, wallSec: 5, cpuSec: 4.25 });
  assert.deepEqual(usage['hw-usage-long'], { maxRssMiB: 512, wallSec: 4000, cpuSec: 93_784 });
  assert.deepEqual(usage['hw-usage-running'], { wallSec: 30 });
  assert.deepEqual(classifySlurmRecord(byName(records, 'hw-usage-oom')), ended({ kind: 'out-of-memory' }));
  assert.equal(byName(records, 'hw-usage-array').arrayId, '203_7');
});
