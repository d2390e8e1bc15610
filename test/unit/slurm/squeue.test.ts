/** Parsers of Slurm's output (slurm/squeue.ts), on captured and hand-written text: see test/support/slurm-records.ts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifySlurmRecord } from '../../../src/slurm/job-phase.js';
import { parseSqueue } from '../../../src/slurm/squeue.js';
import { fixture, byName, shape, ended, queued, RUNNING } from '../../support/slurm-records.js';

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
