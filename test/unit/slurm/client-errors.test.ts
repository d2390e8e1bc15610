/** Parsers of Slurm's output (slurm/client-errors.ts), on captured and hand-written text: see test/support/slurm-records.ts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isInvalidJobIdError, isTransientSlurmError } from '../../../src/slurm/client-errors.js';
import { fixture } from '../../support/slurm-records.js';

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
