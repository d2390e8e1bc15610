/** Parsers of Slurm's output (slurm/record.ts), on captured and hand-written text: see test/support/slurm-records.ts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifySlurmRecord } from '../../../src/slurm/job-phase.js';
import { SACCT_STATE_FIELDS } from '../../../src/slurm/args.js';
import { parseSacct } from '../../../src/slurm/sacct.js';
import { parseSqueue } from '../../../src/slurm/squeue.js';
import { ended, RUNNING } from '../../support/slurm-records.js';

test('state words: truncated "CANCELLED+" and lower case are normalised; a row with too few columns throws', () => {
  const [truncated] = parseSacct('7|7|CANCELLED+|0:0|None|x\n', SACCT_STATE_FIELDS);
  assert.deepEqual(truncated, { id: '7', name: 'x', state: 'CANCELLED', reason: '', exitCode: 0, signal: 0 });
  assert.equal(parseSqueue('8|running|None|y\n')[0]!.state, 'RUNNING');
  assert.deepEqual(parseSacct('\n\n', SACCT_STATE_FIELDS), []);
  assert.throws(() => parseSacct('7|7|COMPLETED\n', SACCT_STATE_FIELDS), /expected 6 '\|'-separated columns/);
  assert.throws(() => parseSqueue('garbage\n'), /expected 4/);
  const [noExit] = parseSacct('9|9|COMPLETED||None|z\n', SACCT_STATE_FIELDS);
  assert.equal(noExit!.exitCode, undefined);
  assert.deepEqual(classifySlurmRecord(noExit!), ended({ kind: 'exited', exitCode: 0 }));
  assert.deepEqual(classifySlurmRecord({ id: '1', name: '', state: 'FAILED', reason: '', exitCode: 0, signal: 40 }), ended({ kind: 'signaled', signal: 'SIG40' }));
});
