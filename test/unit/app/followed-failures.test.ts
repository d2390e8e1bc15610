/**
 * Failure lines of a run followed from a login node: read from the run's state (the published snapshot
 * when its driver is on another host), each failed job told once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FollowedFailures } from '../../../src/app/followed-failures.js';
import { readStatusReport } from '../../../src/app/status.js';
import { JobState } from '../../../src/model/job-state.js';
import type { AttemptFailure } from '../../../src/model/outcome.js';
import { createRunState } from '../../../src/state/create-run.js';
import { openRunState } from '../../../src/state/run-db.js';
import { closeAfter, smallRun, tempDir } from '../state/fixtures.js';
import { asHost, remoteDriver } from './remote-driver.js';

const told = (failures: AttemptFailure[]) => failures.map((f) => [f.label, f.name, f.outcome, f.final, f.reason]);

test('a job that failed for good is told once, with its last attempt\'s ending and the reason it failed', (t) => {
  const dir = tempDir(t);
  createRunState(join(dir, 'bps.sqlite'), smallRun(dir));
  const db = openRunState(join(dir, 'bps.sqlite'));
  closeAfter(t, () => db.close());
  const failures: AttemptFailure[] = [];
  const follower = new FollowedFailures(dir, { failure: (f) => failures.push(f) });
  follower.look(readStatusReport(dir));
  assert.deepEqual(failures, [], 'nothing failed');
  db.applyRound({ transitions: [{ job: 4, state: JobState.RUNNING, attempt: 1, at: 1 }, { job: 5, state: JobState.RUNNING, attempt: 1, at: 1 }] });
  db.applyRound({ transitions: [{ job: 4, state: JobState.FAILED, attempt: 1, outcome: { kind: 'signaled', signal: 'SIGKILL' }, reason: 'killed by SIGKILL after 1 attempt', at: 2 }] });
  follower.look(readStatusReport(dir));
  follower.look(readStatusReport(dir));
  assert.deepEqual(told(failures), [['calibrate', '00000000-0000-7000-8000-000000000003_calibrate_0', { kind: 'signaled', signal: 'SIGKILL' }, true, 'killed by SIGKILL after 1 attempt']]);
  db.applyRound({ transitions: [{ job: 5, state: JobState.FAILED, attempt: 1, outcome: { kind: 'exited', exitCode: 3 }, exitCode: 3, reason: 'exit code 3', at: 3 }] });
  follower.look(readStatusReport(dir));
  assert.deepEqual(told(failures).slice(1), [['calibrate', '00000000-0000-7000-8000-000000000004_calibrate_1', { kind: 'exited', exitCode: 3 }, true, 'exit code 3']]);
});

test('from another host, failures come from the published snapshot: one it does not hold yet is told once a later snapshot has it', (t) => {
  const { dir, db, publisher } = remoteDriver(t);
  publisher.start();
  db.applyRound({ transitions: [{ job: 1, state: JobState.RUNNING, attempt: 1, at: 1 }] });
  db.applyRound({ transitions: [{ job: 1, state: JobState.FAILED, attempt: 1, outcome: { kind: 'exited', exitCode: 1 }, exitCode: 1, reason: 'exit code 1', at: 2 }] });
  const failures: AttemptFailure[] = [];
  const follower = new FollowedFailures(dir, { failure: (f) => failures.push(f) });
  // The published status already counts the failure; the snapshot taken before it does not.
  const live = asHost('compute-node-7', () => readStatusReport(dir));
  assert.equal(live.totals.failed, 1);
  asHost('login-1', () => follower.look(live));
  assert.deepEqual(failures, [], 'the snapshot predates the failure');
  publisher.finish(live);
  asHost('login-1', () => follower.look(live));
  assert.deepEqual(told(failures), [['isr', '00000000-0000-7000-8000-000000000000_isr_0', { kind: 'exited', exitCode: 1 }, true, 'exit code 1']]);
});
