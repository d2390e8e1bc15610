/** Parsers of Slurm's output (slurm/args.ts), on captured and hand-written text: see test/support/slurm-records.ts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SACCT_FIELDS, SQUEUE_FORMAT, sacctArgs, squeueArgs } from '../../../src/slurm/args.js';

test('argv builders: squeue with -h -t all -r and the format, sacct with -n -P --noconvert (steps kept: they have MaxRSS) and the fields', () => {
  assert.equal(SQUEUE_FORMAT, '%i|%T|%r|%j');
  assert.deepEqual(squeueArgs({}), ['-h', '-t', 'all', '-r', '-o', '%i|%T|%r|%j']);
  assert.deepEqual(squeueArgs({ user: 'alice', ids: ['1', '2', '3'] }), ['-h', '-t', 'all', '-r', '-o', '%i|%T|%r|%j', '-u', 'alice', '-j', '1,2,3']);
  assert.throws(() => squeueArgs({ ids: [] }), /no job ids/);
  assert.deepEqual(sacctArgs(['7', '9']), ['-n', '-P', '--noconvert', '-j', '7,9', '-o', 'JobIDRaw,JobID,State,ExitCode,Reason,MaxRSS,ElapsedRaw,TotalCPU,JobName']);
  for (const field of ['JobIDRaw', 'JobName', 'State', 'ExitCode', 'Reason', 'MaxRSS', 'ElapsedRaw', 'TotalCPU']) assert.ok(SACCT_FIELDS.includes(field));
  assert.equal(SACCT_FIELDS.at(-1), 'JobName', "a '|' in a name cannot shift the other columns");
  assert.throws(() => sacctArgs([]), /no job ids/);
});
