import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import { createRunState } from '../../../src/state/create-run.js';
import { openRunState, type RunDatabase } from '../../../src/state/run-db.js';
import type { StateCode } from '../../../src/model/job-state.js';
import type { Transition } from '../../../src/state/types.js';
import { JobState } from '../../../src/model/job-state.js';
import { closeAfter, seededRandom, smallRun, tempDir } from './fixtures.js';

const isStateError = (pattern: RegExp) => (e: unknown) => e instanceof Error && e.name === 'StateError' && pattern.test(e.message);

function withRun(t: TestContext, n = 3): { db: RunDatabase; path: string; dir: string } {
  const dir = tempDir(t);
  const path = join(dir, 'bps.sqlite');
  createRunState(path, smallRun(dir, n));
  const db = openRunState(path);
  closeAfter(t, () => db.close());
  return { db, path, dir };
}

const handle = (jobId: number, attempt: number, externalId: string) => ({ jobId, attempt, externalId, detail: '777', exitPath: `/x/${jobId}.${attempt}.exit` });

test('a job’s life through rounds: submit, handle, start, success — jobs, attempts, counts and events agree', (t) => {
  const { db } = withRun(t);
  const job = 0; // pipetaskInit, READY
  db.applyRound({ transitions: [{ job, state: JobState.PENDING, attempt: 1, memoryMiB: 3000, handle: null, at: 1000 }] });
  db.applyRound({ transitions: [{ job, state: JobState.PENDING, handle: handle(1, 1, '4242'), at: 1100 }] });
  assert.deepEqual(db.inFlightJobs().map((j) => [j.jobId, j.externalId, j.detail, j.state]), [[1, '4242', '777', 'PENDING']]);
  db.applyRound({ transitions: [{ job, state: JobState.RUNNING, handle: handle(1, 1, '4242'), at: 1200 }] });
  db.applyRound({ transitions: [{ job, state: JobState.SUCCEEDED, handle: null, outcome: { kind: 'exited', exitCode: 0 }, at: 1300 }] });
  const [details] = db.jobsByIds([1]);
  assert.deepEqual([details?.state, details?.attempt, details?.memoryMiB, details?.exitCode], ['SUCCEEDED', 1, 3000, 0]);
  assert.deepEqual(db.attempts(1), [{
    attempt: 1, externalId: '4242', memoryMiB: 3000, submittedAt: 1000, startedAt: 1200, endedAt: 1300, outcome: 'exited', exitCode: 0, signal: null, reason: null,
    maxRssMiB: null, cpuSec: null, wallSec: null,
  }]);
  assert.deepEqual(db.inFlightJobs(), []);
  assert.equal(db.labelCounts()[0]?.counts.SUCCEEDED, 1);
  assert.equal(db.labelCounts()[0]?.counts.READY, 0);
  assert.deepEqual(db.events().map((e) => [e.jobId, e.type]), [[null, 'created'], [1, 'attempt-ended']]);
});

test('a retry after OOM closes attempt 1 with its signal and opens attempt 2 with more memory', (t) => {
  const { db } = withRun(t);
  db.applyRound({ transitions: [{ job: 0, state: JobState.RUNNING, attempt: 1, memoryMiB: 2048, handle: handle(1, 1, '11'), at: 10 }] });
  db.applyRound({ transitions: [{ job: 0, state: JobState.READY, handle: null, outcome: { kind: 'signaled', signal: 'SIGKILL' }, exitCode: null, memoryMiB: 4096, retriesUsed: 1, reason: 'retry: killed by SIGKILL', at: 20 }] });
  db.applyRound({ transitions: [{ job: 0, state: JobState.PENDING, attempt: 2, memoryMiB: 4096, handle: null, at: 30 }] });
  const attempts = db.attempts(1);
  assert.deepEqual(attempts.map((a) => [a.attempt, a.memoryMiB, a.outcome, a.signal, a.reason, a.startedAt, a.endedAt]), [
    [1, 2048, 'signaled', 'SIGKILL', 'retry: killed by SIGKILL', 10, 20],
    [2, 4096, null, null, null, null, null],
  ]);
  const state = db.loadSchedulingState();
  assert.deepEqual([state.attempt[0], state.retriesUsed[0], state.memoryMiB[0], state.state[0]], [2, 1, 4096, JobState.PENDING]);
});

test('usage: recorded when an attempt ends or learnt later; peaks per label and the report samples read it back', (t) => {
  const { db } = withRun(t, 4);
  // Job 0 is pipetaskInit (label 0); jobs 1-3 are isr (label 1), READY once init succeeded.
  db.applyRound({ transitions: [{ job: 0, state: JobState.RUNNING, attempt: 1, memoryMiB: 2048, handle: handle(1, 1, '1'), at: 0 }] });
  db.applyRound({ transitions: [{ job: 0, state: JobState.SUCCEEDED, handle: null, outcome: { kind: 'exited', exitCode: 0 }, usage: { maxRssMiB: 50, cpuSec: 0.2, wallSec: 0.5 }, at: 2000 }] });
  const run = (job: number, memoryMiB: number, at: number) => db.applyRound({ transitions: [{ job, state: JobState.RUNNING, attempt: (db.jobsByIds([job + 1])[0]?.attempt ?? 0) + 1, memoryMiB, handle: handle(job + 1, 1, String(job)), at }] });
  run(1, 100, 3000);
  db.applyRound({ transitions: [{ job: 1, state: JobState.READY, handle: null, outcome: { kind: 'out-of-memory' }, usage: { maxRssMiB: 180 }, memoryMiB: 216, retriesUsed: 1, at: 4000 }] });
  run(1, 216, 5000);
  db.applyRound({ transitions: [{ job: 1, state: JobState.SUCCEEDED, handle: null, outcome: { kind: 'exited', exitCode: 0 }, usage: { maxRssMiB: 190, cpuSec: 1, wallSec: 3 }, at: 9000 }] });
  run(2, 300, 5000);
  db.applyRound({ transitions: [{ job: 2, state: JobState.SUCCEEDED, handle: null, outcome: { kind: 'exited', exitCode: 0 }, at: 6000 }] });
  // Slurm's accounting answers after the attempt was closed; a figure it lacks keeps the one known.
  db.applyRound({ transitions: [], usage: [{ job: 2, attempt: 1, usage: { maxRssMiB: 120, cpuSec: 0.5 } }] });
  run(3, 300, 5000);
  db.applyRound({ transitions: [{ job: 3, state: JobState.FAILED, handle: null, outcome: { kind: 'exited', exitCode: 1 }, usage: { maxRssMiB: 900 }, at: 5500 }] });
  assert.deepEqual(db.attempts(2).map((a) => [a.attempt, a.outcome, a.memoryMiB, a.maxRssMiB, a.cpuSec, a.wallSec]), [[1, 'out-of-memory', 100, 180, null, null], [2, 'exited', 216, 190, 1, 3]]);
  assert.deepEqual(db.attempts(3).map((a) => [a.maxRssMiB, a.cpuSec, a.wallSec]), [[120, 0.5, null]]);
  // A job that failed otherwise may have stopped before it grew: its 900 MiB teaches nothing.
  assert.deepEqual([...db.labelPeakMemory()].sort(), [[0, 50], [1, 190]]);
  const killed = db.events().find((e) => e.type === 'attempt-ended' && e.jobId === 2);
  assert.deepEqual((killed?.detail as { usage?: unknown } | undefined)?.usage, { maxRssMiB: 180 }, 'the event log tells the peak of an attempt that ended');
  const [init, isr] = db.labelUsage();
  assert.deepEqual(init, { label: 'pipetaskInit', requestedMiB: [2048], maxRssMiB: [50], cpuSec: [0.2], runSec: [0.5], outOfMemory: 0 });
  assert.deepEqual(isr && [isr.requestedMiB.sort(), isr.maxRssMiB.sort(), isr.runSec.sort(), isr.outOfMemory], [[216, 300], [120, 190], [1, 3], 1], 'the run time is the measured one, else the driver\'s');
});

test('a cancelled or lost in-flight job closes its open attempt; HELD, FAILED, PRUNED and DELETED are logged', (t) => {
  const { db } = withRun(t);
  db.applyRound({ transitions: [
    { job: 0, state: JobState.RUNNING, attempt: 1, handle: handle(1, 1, 'a'), at: 1 },
    { job: 7, state: JobState.PENDING, attempt: 1, handle: handle(8, 1, 'b'), at: 1 },
  ] });
  db.applyRound({ transitions: [{ job: 7, state: JobState.HELD, reason: 'held by admin', at: 2 }] });
  db.applyRound({ transitions: [
    { job: 0, state: JobState.DELETED, handle: null, reason: 'cancelled by bps cancel', at: 3 },
    { job: 7, state: JobState.READY, handle: null, reason: 'no trace of the attempt', at: 3 },
    { job: 1, state: JobState.FAILED, reason: 'exit 1', at: 3 },
    { job: 4, state: JobState.PRUNED, reason: 'parent failed', at: 3 },
  ] });
  assert.deepEqual(db.attempts(1).map((a) => [a.outcome, a.endedAt]), [['cancelled', 3]]);
  assert.deepEqual(db.attempts(8).map((a) => [a.outcome, a.reason]), [['lost', 'no trace of the attempt']]);
  // A loss without a reported ending is logged as the attempt's end, so `bps explain` can tell it.
  assert.deepEqual(db.events().slice(1).map((e) => [e.jobId, e.type]), [[8, 'held'], [1, 'deleted'], [8, 'attempt-ended'], [2, 'failed'], [5, 'pruned']]);
  assert.deepEqual(db.events().find((e) => e.jobId === 8 && e.type === 'attempt-ended')?.detail, { attempt: 1, outcome: { kind: 'lost', reason: 'no trace of the attempt' }, state: 'READY', reason: 'no trace of the attempt' });
  assert.deepEqual(db.events({ afterSeq: 2 }).map((e) => e.type), ['deleted', 'attempt-ended', 'failed', 'pruned']);
});

test('decisions are logged once each: the retry with its next memory, the pruning ancestor, a release from HELD, a reopening', (t) => {
  const { db } = withRun(t);
  db.applyRound({ transitions: [{ job: 1, state: JobState.RUNNING, attempt: 1, memoryMiB: 2048, at: 1 }, { job: 2, state: JobState.PENDING, attempt: 1, at: 1 }] });
  db.applyRound({ transitions: [
    { job: 1, state: JobState.READY, handle: null, outcome: { kind: 'signaled', signal: 'SIGKILL' }, memoryMiB: 4096, retriesUsed: 1, reason: 'retry: killed by SIGKILL', at: 2 },
    { job: 2, state: JobState.HELD, reason: 'JobHeldUser', at: 2 },
  ] });
  db.applyRound({ transitions: [{ job: 2, state: JobState.PENDING, reason: 'Priority', at: 3 }, { job: 2, state: JobState.PENDING, reason: 'Resources', at: 3 }] });
  db.applyRound({ transitions: [{ job: 3, state: JobState.FAILED, reason: 'exit code 1', at: 4 }, { job: 6, state: JobState.PRUNED, ancestor: 3, reason: 'ancestor isr_2 failed', at: 4 }] });
  db.applyRound({ transitions: [{ job: 3, state: JobState.READY, retriesUsed: 0, reason: 'reopened by restart --retry-failed', at: 5 }] });
  const events = db.events().slice(1).map((e) => [e.jobId, e.type, e.detail]);
  assert.deepEqual(events, [
    [2, 'attempt-ended', { attempt: 1, outcome: { kind: 'signaled', signal: 'SIGKILL' }, state: 'READY', reason: 'retry: killed by SIGKILL', memoryMiB: 4096, retriesUsed: 1 }],
    [3, 'held', { from: 'PENDING', reason: 'JobHeldUser' }],
    [3, 'released', { to: 'PENDING', reason: 'Priority' }],
    [4, 'failed', { from: 'UNREADY', reason: 'exit code 1' }],
    [7, 'pruned', { from: 'UNREADY', reason: 'ancestor isr_2 failed', ancestor: 4 }],
    [4, 'reopened', { from: 'FAILED', to: 'READY', reason: 'reopened by restart --retry-failed' }],
  ], 'a change of pending reason alone logs nothing');
});

test('run state changes are stored and logged once; explicit events are appended', (t) => {
  const { db } = withRun(t);
  db.applyRound({ transitions: [], runState: 'RUNNING', events: [{ type: 'driver-started', detail: { pid: 1 }, at: 5 }, { job: 2, type: 'note', at: 5 }] });
  db.setRunState('RUNNING');
  db.setRunState('SUCCEEDED');
  assert.equal(db.runInfo().state, 'SUCCEEDED');
  assert.deepEqual(db.events().slice(1).map((e) => [e.jobId, e.type, e.detail]), [
    [null, 'driver-started', { pid: 1 }], [3, 'note', null], [null, 'run-state', { from: 'UNREADY', to: 'RUNNING' }], [null, 'run-state', { from: 'RUNNING', to: 'SUCCEEDED' }],
  ]);
});

test('a round with an unknown job or state commits nothing', (t) => {
  const { db } = withRun(t);
  const good: Transition = { job: 0, state: JobState.RUNNING, attempt: 1, at: 1 };
  assert.throws(() => db.applyRound({ transitions: [good, { job: 99, state: JobState.READY, at: 1 }] }), isStateError(/job 99, which this run does not have/));
  assert.throws(() => db.applyRound({ transitions: [good, { job: 1, state: 3 as StateCode, at: 1 }] }), isStateError(/state 3, which is no JobState code/));
  assert.equal(db.jobsByIds([1])[0]?.state, 'READY');
  assert.deepEqual(db.attempts(1), []);
  assert.deepEqual(db.integrityCheck(), []);
});

function groupBy(path: string): string[] {
  const raw = new Database(path, { readonly: true });
  try {
    const grouped = raw.prepare('SELECT label_idx, state, COUNT(*) AS n FROM jobs GROUP BY label_idx, state').all() as Array<{ label_idx: number; state: number; n: number }>;
    return grouped.map((r) => `${r.label_idx}:${r.state}:${r.n}`).sort();
  } finally {
    raw.close();
  }
}

test('label counts equal a GROUP BY over the jobs after 300 random rounds', (t) => {
  const { db, path } = withRun(t, 40);
  const random = seededRandom(20260101);
  const codes = Object.values(JobState) as StateCode[];
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  for (let round = 0; round < 300; round += 1) {
    const transitions = Array.from({ length: 1 + Math.floor(random() * 8) }, (): Transition => ({ job: Math.floor(random() * 82), state: pick(codes), at: round }));
    db.applyRound({ transitions }); // the same job twice in one round included
  }
  const fromTable = db.labelCounts().flatMap((l, idx) => Object.entries(l.counts).filter(([, n]) => n > 0).map(([name, n]) => `${idx}:${JobState[name as keyof typeof JobState]}:${n}`)).sort();
  assert.deepEqual(fromTable, groupBy(path));
  const state = db.loadSchedulingState();
  assert.equal(db.labelCounts().reduce((n, l) => n + l.total, 0), state.jobCount);
  assert.deepEqual(db.integrityCheck(), []);
});
