/** Parsers of Slurm's output (slurm/args.ts), on captured and hand-written text: see test/support/slurm-records.ts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SACCT_FIELDS, SQUEUE_FORMAT, sacctArgs, squeueArgs } from '../../../src/slurm/args.js';

test('argv builders: squeue with -h -t all -r and the format, sacct with -X -n -P and the fields', () => {
  assert.equal(SQUEUE_FORMAT, '%i|%T|%r|%j');
  assert.deepEqual(squeueArgs({}), ['-h', '-t', 'all', '-r', '-o', '%i|%T|%r|%j']);
  assert.deepEqual(squeueArgs({ user: 'alice', ids: ['1', '2', '3'] }), ['-h', '-t', 'all', '-r', '-o', '%i|%T|%r|%j', '-u', 'alice', '-j', '1,2,3']);
  assert.throws(() => squeueArgs({ ids: [] }), /no job ids/);
  assert.deepEqual(sacctArgs(['7', '9']), ['-X', '-n', '-P', '-j', '7,9', '-o', 'JobIDRaw,JobID,State,ExitCode,Reason,JobName']);
  for (const field of ['JobIDRaw', 'JobName', 'State', 'ExitCode', 'Reason']) assert.ok(SACCT_FIELDS.includes(field));
  assert.throws(() => sacctArgs([]), /no job ids/);
});
