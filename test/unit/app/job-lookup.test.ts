import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { findJob, shortName } from '../../../src/app/job-lookup.js';
import { UsageError } from '../../../src/errors.js';
import { JobState } from '../../../src/model/job-state.js';
import { createRunState } from '../../../src/state/create-run.js';
import { openRunState, type RunDatabase } from '../../../src/state/run-db.js';
import { closeAfter, smallRun, tempDir } from '../state/fixtures.js';

/** pipetaskInit, isr 0..3 (detector d, exposure 100), calibrate 0..3 (detector d, visit 100), finalJob; calibrate 2 FAILED. */
function run(t: TestContext): RunDatabase {
  const dir = tempDir(t);
  createRunState(join(dir, 'bps.sqlite'), smallRun(dir, 4));
  const db = openRunState(join(dir, 'bps.sqlite'));
  closeAfter(t, () => db.close());
  db.applyRound({ transitions: [{ job: 7, state: JobState.FAILED, attempt: 1, outcome: { kind: 'exited', exitCode: 1 }, at: 1 }] });
  return db;
}

/** The UsageError `words` give, as "message hint". */
function refusal(db: RunDatabase, words: string[]): string {
  try {
    findJob(db, words);
  } catch (error) {
    assert.ok(error instanceof UsageError, String(error));
    return `${error.message} ${error.hint ?? ''}`;
  }
  assert.fail(`'${words.join(' ')}' was accepted`);
}

test('a job by its full name, a label (its first failed job, else its first), or the end of its name', (t) => {
  const db = run(t);
  const isr1 = '00000000-0000-7000-8000-000000000001_isr_1';
  assert.equal(findJob(db, [isr1]).name, isr1);
  assert.equal(findJob(db, ['isr_1']).name, isr1);
  assert.equal(findJob(db, ['calibrate']).name, '00000000-0000-7000-8000-000000000006_calibrate_2', 'the failed one');
  assert.equal(findJob(db, ['isr']).name, '00000000-0000-7000-8000-000000000000_isr_0', 'none failed: the first');
  assert.equal(findJob(db, ['finalJob']).name, 'finalJob');
  assert.equal(shortName(isr1), 'isr_1');
});

test('a job by label and data ID, as several words, one word, or comma-separated', (t) => {
  const db = run(t);
  for (const words of [['calibrate', 'detector=3'], ['calibrate detector=3'], ['calibrate', 'visit=100,detector=3']]) {
    assert.equal(findJob(db, words).name, '00000000-0000-7000-8000-000000000007_calibrate_3', words.join(' '));
  }
});

test('ambiguous, unknown and misspelt jobs are refused with the candidates or close matches', (t) => {
  const db = run(t);
  assert.match(refusal(db, ['_1']), /^'_1' ends the names of 2 jobs of run 'u\/me\/run': isr_1, calibrate_1\. Give more of the name, or the label and data ID \('isr detector=1 exposure=100'\)\.$/);
  assert.match(refusal(db, ['calibrate', 'visit=100']), /^'calibrate visit=100' matches 4 jobs .* Add a dimension, as in 'calibrate detector=0 visit=100'\.$/);
  assert.match(refusal(db, ['calibrat']), /has no job, label or job name ending in 'calibrat'\. Did you mean 'calibrate'\?$/);
  assert.match(refusal(db, ['isr_9']), /Did you mean 'isr_0', 'isr_1' or 'isr_2'\?$/);
  assert.match(refusal(db, ['calibrat', 'detector=1']), /has no task or cluster label 'calibrat'\. Did you mean 'calibrate'\?$/);
  assert.match(refusal(db, ['calibrate', 'detector=9']), /^No calibrate job of run 'u\/me\/run' has detector=9\. Its detector values: 0, 1, 2, 3\.$/);
  assert.match(refusal(db, ['calibrate', 'tract=1']), /have no data-ID dimension 'tract'/);
  assert.match(refusal(db, ['isr', 'calibrate', 'detector=1']), /^Cannot read the job/);
  assert.match(refusal(db, ['calibrate', 'detector=']), /^Cannot read 'detector=' as a data-ID value/);
  assert.match(refusal(db, ['zzzzzz']), /List its jobs with 'bps jobs u\/me\/run'/);
});
