/** Parsers of Slurm's output (slurm/scontrol.ts), on captured and hand-written text: see test/support/slurm-records.ts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifySlurmRecord, type SlurmPhase } from '../../../src/slurm/job-phase.js';
import { parseScontrolShowJob } from '../../../src/slurm/scontrol.js';
import { fixture, byName, shape, ended, queued, RUNNING } from '../../support/slurm-records.js';

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
