/** The story `bps explain` tells, from hand-made event lists (report/tell-story.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptRow, LoggedEvent, StoryInputs } from '../../../src/report/job-story.js';
import { renderJobStory } from '../../../src/report/render/job-story.js';
import { tellStory } from '../../../src/report/tell-story.js';

const JOB = 5;
const ISR = '01a24e15-52c8-76cb-8471-b8b96f7ef52e_isr_91';

/** Events with seq numbers in list order; `job: true` for the explained job's own. */
function log(...events: Array<[at: number, type: string, detail: unknown, job?: boolean]>): LoggedEvent[] {
  return events.map(([at, type, detail, job], i) => ({ seq: i + 1, at, type, detail, jobId: job ? JOB : null }));
}

function attempt(n: number, fields: Partial<AttemptRow>): AttemptRow {
  return { attempt: n, externalId: String(100 + n), memoryMiB: 2048, submittedAt: null, startedAt: null, endedAt: null, exitCode: null, signal: null, ...fields };
}

function inputs(over: Partial<StoryInputs> & { state?: StoryInputs['job']['state'] }): StoryInputs {
  const { state = 'SUCCEEDED', ...rest } = over;
  return {
    run: { name: 'u/me/run', id: 'r1', submitDir: '/s', state: 'RUNNING', driverAlive: false, executor: 'local' },
    job: { id: JOB, name: 'calibrate_91', label: 'calibrate', kind: 'payload', state, attempt: rest.attempts?.length ?? 0, dataId: { detector: 91 }, reason: null },
    tasks: [{ label: 'calibrate', quanta: 1 }],
    attempts: [],
    events: [],
    parents: [{ name: ISR, label: 'isr', state: 'SUCCEEDED', succeededAt: 1100 }],
    ancestors: new Map(),
    numberOfRetries: 3,
    ...rest,
  };
}

test('a retried, lost and adopted job: each attempt, why it ended, the memory of the next, the driver that died', () => {
  const story = tellStory(inputs({
    attempts: [
      attempt(1, { submittedAt: 1200, startedAt: 1210, endedAt: 1300, exitCode: 137, signal: 'SIGKILL' }),
      attempt(2, { memoryMiB: 4096, submittedAt: 1400, startedAt: 1410, endedAt: 1600 }),
      attempt(3, { memoryMiB: 4096, submittedAt: 1700, startedAt: 1710, endedAt: 2500, exitCode: 0 }),
    ],
    events: log(
      [1000, 'created', { jobs: 31 }],
      [1010, 'driver-started', { pid: 10, host: 'h' }],
      [1300, 'attempt-ended', { attempt: 1, outcome: { kind: 'signaled', signal: 'SIGKILL' }, state: 'READY', reason: 'retry: killed by SIGKILL', memoryMiB: 4096, retriesUsed: 1 }, true],
      [1600, 'attempt-ended', { attempt: 2, outcome: { kind: 'lost', reason: 'NODE_FAIL' }, state: 'READY', reason: 'retry: lost: NODE_FAIL', memoryMiB: 4096, retriesUsed: 1 }, true],
      [2000, 'driver-started', { pid: 20, host: 'h', previous: { pid: 10, host: 'h', startedAt: '2026-01-01T00:00:00Z' } }],
      [2001, 'adopted', { attempt: 3, status: 'alive', externalId: '103', previousDriver: { pid: 10, host: 'h', startedAt: '2026-01-01T00:00:00Z' } }, true],
      [2500, 'attempt-ended', { attempt: 3, outcome: { kind: 'exited', exitCode: 0 }, state: 'SUCCEEDED' }, true],
      [2600, 'driver-ended', { pid: 20, host: 'h', how: 'finished' }],
    ),
  }));
  assert.deepEqual(story.events.map((e) => e.event), [
    'created', 'ready', 'submitted', 'started', 'retried', 'submitted', 'started', 'lost', 'submitted', 'started', 'driver-started', 'adopted', 'succeeded',
  ], 'oldest first; drivers starting before the job could run, or ending after it settled, are not its story');
  const retried = story.events.find((e) => e.event === 'retried');
  assert.equal(retried?.text, 'attempt 1 ended (killed by SIGKILL): retry 1 of 3 (numberOfRetries), with 4096 MiB instead of 2048 MiB (memoryMultiplier)');
  assert.deepEqual([retried?.signal, retried?.exitCode, retried?.memoryMiB], ['SIGKILL', 137, 4096]);
  assert.equal(story.events.find((e) => e.event === 'lost')?.text, 'attempt 2 lost (NODE_FAIL): rerun without using a retry');
  const adopted = story.events.find((e) => e.event === 'adopted');
  assert.equal(adopted?.text, 'attempt 3 was still running after driver pid 10 on h died: adopted by driver pid 20 on h, not started again');
  assert.deepEqual([adopted?.driver?.pid, adopted?.previousDriver?.pid], [20, 10]);
  assert.equal(story.events.find((e) => e.event === 'ready')?.text, 'ready to run: its parent isr_91 succeeded');
  assert.equal(story.now.text, 'succeeded on attempt 3');
  assert.equal(story.events[0]?.time, new Date(1000).toISOString());
});

test('not started because the allocation was short: the deferral with its reason, the hand-back (exit 75), then the next allocation', () => {
  const deferredRun = log(
    [1000, 'created', { jobs: 31 }],
    [1010, 'driver-started', { pid: 30, host: 'n1', slurmJobId: '77' }],
    [1200, 'deferred', { labels: [{ label: 'other', jobs: 9, reason: 'not mine' }, { label: 'calibrate', jobs: 3, reason: '40 s left in the allocation, less than its expected 30 s and the margin (60 s)' }] }],
    [1300, 'driver-ended', { pid: 30, host: 'n1', slurmJobId: '77', how: 'handed-back' }],
  );
  const waiting = tellStory(inputs({ state: 'READY', events: deferredRun }));
  assert.deepEqual(waiting.events.map((e) => e.event), ['created', 'ready', 'deferred', 'handed-back']);
  const deferred = waiting.events.find((e) => e.event === 'deferred');
  assert.equal(deferred?.text, 'not started by driver pid 30 on n1 (allocation 77): 40 s left in the allocation, less than its expected 30 s and the margin (60 s); it waits for a later allocation (3 calibrate jobs deferred in that round)');
  assert.equal(deferred?.driver?.slurmJobId, '77');
  assert.match(waiting.events.at(-1)?.text ?? '', /^driver pid 30 on n1 \(allocation 77\) handed its allocation back \(exit 75\)/);
  assert.equal(waiting.now.text, "ready, waiting for an allocation with more time left (40 s left in the allocation, less than its expected 30 s and the margin (60 s)); no driver is running: 'bps restart u/me/run' resumes the run");

  const ran = tellStory(inputs({
    attempts: [attempt(1, { submittedAt: 5100, startedAt: 5110, endedAt: 5200, exitCode: 0 })],
    events: [...deferredRun, ...log([5000, 'driver-started', { pid: 31, host: 'n2', slurmJobId: '78' }], [5200, 'attempt-ended', { attempt: 1, outcome: { kind: 'exited', exitCode: 0 }, state: 'SUCCEEDED' }, true]).map((e) => ({ ...e, seq: e.seq + 10 }))],
  }));
  assert.deepEqual(ran.events.map((e) => e.event), ['created', 'ready', 'deferred', 'handed-back', 'driver-started', 'submitted', 'started', 'succeeded']);
  assert.match(ran.events[4]?.text ?? '', /^driver pid 31 on n2 \(allocation 78\) started$/);
});

test('a waiting job names the parents it waits for and their states; run events before it could run are not its story', () => {
  const story = tellStory(inputs({
    state: 'UNREADY',
    parents: [
      { name: ISR, label: 'isr', state: 'SUCCEEDED', succeededAt: 1100 },
      { name: 'x_isr_92', label: 'isr', state: 'RUNNING', succeededAt: null },
      { name: 'x_characterizeImage_92', label: 'characterizeImage', state: 'READY', succeededAt: null },
    ],
    events: log([1000, 'created', { jobs: 31 }], [1010, 'driver-started', { pid: 10, host: 'h' }]),
  }));
  assert.deepEqual(story.events.map((e) => e.event), ['created']);
  assert.equal(story.events[0]?.text, 'run created with 31 jobs; this job waits for its 3 parents');
  assert.deepEqual(story.now.parents, {
    total: 3, succeeded: 1, waiting: 2,
    waitingFor: [{ name: 'x_isr_92', label: 'isr', state: 'RUNNING' }, { name: 'x_characterizeImage_92', label: 'characterizeImage', state: 'READY' }],
  });
  assert.equal(story.now.text, "waiting for 2 of its 3 parents: x_isr_92 (RUNNING), x_characterizeImage_92 (READY); no driver is running: 'bps restart u/me/run' resumes the run");
});

test('a pruned job names the failed ancestor and how it failed; held, released and cancelled jobs say so', () => {
  const events = log([1000, 'created', { jobs: 31 }], [1500, 'pruned', { from: 'UNREADY', reason: 'ancestor x failed', ancestor: 3 }, true]);
  const ancestor = { name: '01a24e15-52cc-712d-8a03-f6f85e3fac6c_calibrate_159471_94', label: 'calibrate', state: 'FAILED' as const, reason: 'exit code 1, which is never retried (retryUnlessExit)', exitCode: 1, signal: null };
  const story = tellStory(inputs({ state: 'PRUNED', events, ancestors: new Map([[2, ancestor]]), parents: [{ name: ISR, label: 'isr', state: 'PRUNED', succeededAt: null }] }));
  const pruned = story.events.at(-1);
  assert.equal(pruned?.text, 'pruned: its ancestor calibrate_159471_94 (calibrate) failed: exit code 1, which is never retried (retryUnlessExit)');
  assert.deepEqual([pruned?.job?.name, pruned?.exitCode], [ancestor.name, 1]);
  assert.match(story.now.text, /^pruned, never run: its ancestor calibrate_159471_94 failed; 'bps restart u\/me\/run --retry-failed'/);

  const held = tellStory(inputs({
    state: 'DELETED',
    run: { name: 'u/me/run', id: 'r1', submitDir: '/s', state: 'DELETED', driverAlive: false, executor: 'slurm' },
    attempts: [attempt(1, { submittedAt: 1200, externalId: '4711', endedAt: 1900 })],
    events: log(
      [1000, 'created', { jobs: 31 }],
      [1300, 'held', { from: 'PENDING', reason: 'JobHeldUser' }, true],
      [1400, 'released', { to: 'PENDING', reason: 'Priority' }, true],
      [1900, 'deleted', { from: 'PENDING', reason: 'cancelled by bps cancel' }, true],
    ),
  }));
  assert.deepEqual(held.events.map((e) => e.text).slice(2), [
    'attempt 1 submitted asking 2048 MiB (Slurm job 4711)', 'held by the batch system: JobHeldUser', 'released from hold, now PENDING (Priority)', 'cancelled (was PENDING): cancelled by bps cancel',
  ]);
  assert.equal(held.now.text, "cancelled by bps cancel; 'bps restart u/me/run' resumes the run");
  const text = renderJobStory(held);
  assert.match(text, /^Job calibrate_91 of run 'u\/me\/run'\n  label calibrate; data ID detector=91; 1 attempt; DELETED\n/);
  assert.match(text, /\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}  held +held by the batch system: JobHeldUser\n/);
  assert.match(text, /\nNow: cancelled by bps cancel/);
});
