/** Parsers of Slurm's output (slurm/sbatch.ts), on captured and hand-written text: see test/support/slurm-records.ts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSbatchId } from '../../../src/slurm/sbatch.js';
import { fixture } from '../../support/slurm-records.js';

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
