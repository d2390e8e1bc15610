import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JobLaunch, JobOutcome } from '../../../src/executors/contract.js';
import { JobState } from '../../../src/model/job-state.js';
import type { RoundChanges } from '../../../src/model/transition.js';
import { Driver, type DriverOptions } from '../../../src/scheduler/driver.js';
import { MAX_FREE_LOSSES } from '../../../src/scheduler/retry-policy.js';
import type { Workflow } from '../../../src/workflow/types.js';
import { FakeExecutor } from '../../support/fake-executor.js';
import { schedulingStateOf, WorkflowCatalog } from '../../support/scheduling.js';
import { makeThreeLabelWorkflow } from '../../support/workflows.js';

function setup(options: { outcomeOf?: (l: JobLaunch) => JobOutcome; whenRun?: 'ALWAYS' | 'SUCCESS' | 'NEVER'; slots?: number; hang?: (l: JobLaunch) => boolean; onFailure?: DriverOptions['onFailure'] } = {}) {
  const { graph, workflow } = makeThreeLabelWorkflow(options.whenRun ? { whenRun: options.whenRun } : {});
  const executor = new FakeExecutor({ slots: options.slots ?? 2, outcomeOf: options.outcomeOf, hang: options.hang });
  const rounds: RoundChanges[] = [];
  const driverOptions: DriverOptions = {
    run: schedulingStateOf(workflow),
    catalog: new WorkflowCatalog(workflow, graph, '/tmp'),
    executor,
    sink: { applyRound: (changes) => void rounds.push(changes) },
    ...(options.onFailure ? { onFailure: options.onFailure } : {}),
  };
  return { workflow, executor, rounds, driver: new Driver(driverOptions) };
}

const stateOf = (driver: Driver, workflow: Workflow, name: string) => driver.dag.state[workflow.jobs.findIndex((j) => j.name === name)];

test('every job runs after all its parents, init first and final last', async () => {
  const { workflow, executor, driver } = setup();
  assert.deepEqual(await driver.run(), { kind: 'finished' });
  const order = executor.launches.map((l) => l.jobId - 1);
  assert.equal(order.length, workflow.jobs.length);
  assert.equal(workflow.jobs[order[0] as number]?.label, 'pipetaskInit');
  assert.equal(workflow.jobs[order.at(-1) as number]?.label, 'finalJob');
  const position = new Map(order.map((job, i) => [job, i]));
  for (let e = 0; e < workflow.edgeFrom.length; e += 1) {
    assert.ok((position.get(workflow.edgeFrom[e] as number) as number) < (position.get(workflow.edgeTo[e] as number) as number));
  }
  assert.ok(driver.dag.state.every((s) => s === JobState.SUCCEEDED));
});

test('a job failing for good prunes its descendants only, and an ALWAYS final job still runs', async () => {
  const { workflow, driver } = setup({
    outcomeOf: (l) => (l.label === 'isr' && l.argv.join(' ').includes('000000000001') ? { kind: 'exited', exitCode: 1 } : { kind: 'exited', exitCode: 0 }),
  });
  await driver.run();
  const failed = workflow.jobs.filter((_, i) => driver.dag.state[i] === JobState.FAILED).map((j) => j.label);
  const pruned = workflow.jobs.filter((_, i) => driver.dag.state[i] === JobState.PRUNED).map((j) => j.label);
  assert.deepEqual(failed, ['isr']);
  assert.deepEqual(pruned.sort(), ['calibrate', 'coadd']);
  assert.equal(stateOf(driver, workflow, 'finalJob'), JobState.SUCCEEDED);
  assert.equal(workflow.jobs.filter((_, i) => driver.dag.state[i] === JobState.SUCCEEDED).length, workflow.jobs.length - 3);
});

test('with whenRun SUCCESS the final job is pruned when anything failed', async () => {
  const { workflow, driver } = setup({ whenRun: 'SUCCESS', outcomeOf: (l) => ({ kind: 'exited', exitCode: l.label === 'coadd' ? 2 : 0 }) });
  await driver.run();
  assert.equal(stateOf(driver, workflow, 'finalJob'), JobState.PRUNED);
});

test('exit codes 1 and 2 are not retried; others are, up to numberOfRetries', async () => {
  for (const [code, launches] of [[1, 1], [2, 1], [3, 6]] as const) {
    const { executor, workflow, driver } = setup({ outcomeOf: (l) => ({ kind: 'exited', exitCode: l.label === 'coadd' ? code : 0 }) });
    await driver.run();
    assert.equal(executor.launches.filter((l) => l.label === 'coadd').length, launches, `exit ${code}`);
    assert.equal(stateOf(driver, workflow, workflow.jobs.find((j) => j.label === 'coadd')?.name ?? ''), JobState.FAILED);
  }
});

test('a job killed by a signal is retried with its memory multiplied, capped by memoryLimit', async () => {
  let kills = 0;
  const { executor, driver } = setup({
    outcomeOf: (l) => (l.label === 'coadd' && kills++ < 2 ? { kind: 'signaled', signal: 'SIGKILL' } : { kind: 'exited', exitCode: 0 }),
  });
  await driver.run();
  assert.deepEqual(executor.launches.filter((l) => l.label === 'coadd').map((l) => [l.attempt, l.memoryMiB]), [[1, 2048], [2, 4096], [3, 8192]]);
});

test('a lost job is rerun without using up a retry', async () => {
  let losses = 0;
  const { executor, workflow, driver } = setup({
    outcomeOf: (l) => (l.label === 'coadd' && losses++ < MAX_FREE_LOSSES ? { kind: 'lost', reason: 'NODE_FAIL' } : { kind: 'exited', exitCode: 0 }),
  });
  await driver.run();
  assert.equal(executor.launches.filter((l) => l.label === 'coadd').length, MAX_FREE_LOSSES + 1);
  assert.equal(stateOf(driver, workflow, workflow.jobs.find((j) => j.label === 'coadd')?.name ?? ''), JobState.SUCCEEDED);
});

test('a job lost on every attempt fails in the end instead of looping forever', async () => {
  const failures: string[] = [];
  const { executor, workflow, driver } = setup({
    outcomeOf: (l) => (l.label === 'coadd' ? { kind: 'lost', reason: 'NODE_FAIL' } : { kind: 'exited', exitCode: 0 }),
    onFailure: (info) => failures.push(info.reason),
  });
  await driver.run();
  assert.equal(executor.launches.filter((l) => l.label === 'coadd').length, MAX_FREE_LOSSES + 1);
  assert.equal(stateOf(driver, workflow, workflow.jobs.find((j) => j.label === 'coadd')?.name ?? ''), JobState.FAILED);
  assert.match(failures.at(-1) ?? '', /^lost 6 times, the last: NODE_FAIL$/);
});

test('the slot limit is never exceeded and every round is committed', async () => {
  const { driver, rounds } = setup({ slots: 1 });
  await driver.run();
  assert.ok(rounds.length > 5);
  const submittedPerRound = rounds.map((r) => r.transitions.filter((t) => t.state === JobState.PENDING).length);
  assert.ok(submittedPerRound.every((n) => n <= 1));
});

test('stop(interrupt) cancels running jobs and requeues them; stop(cancel) records them DELETED', async () => {
  for (const [mode, expected] of [['interrupt', JobState.READY], ['cancel', JobState.DELETED]] as const) {
    const { driver, workflow, executor } = setup({ hang: (l) => l.label === 'isr' });
    const running = driver.run();
    while (!executor.launches.some((l) => l.label === 'isr')) await new Promise((r) => setTimeout(r, 1));
    driver.stop(mode);
    assert.deepEqual(await running, { kind: 'stopped', mode });
    const isr = workflow.jobs.flatMap((j, i) => (j.label === 'isr' ? [driver.dag.state[i]] : []));
    assert.ok(isr.includes(expected), `${mode}: ${isr.join(',')}`);
    assert.ok(executor.cancelled.length > 0);
  }
});

test('adoptions are logged, naming the driver that died, before what they settle; pruned jobs name their failed ancestor', async () => {
  const { workflow, driver, rounds } = setup({ outcomeOf: (l) => ({ kind: 'exited', exitCode: workflow.jobs[l.jobId - 1]?.label === 'calibrate' ? 1 : 0 }) });
  const handle = (job: number) => ({ jobId: job + 1, attempt: 1, externalId: String(100 + job), exitPath: `/tmp/${job}.exit` });
  const previous = { pid: 4242, host: 'login1', startedAt: '2026-12-07T00:00:00.000Z' };
  driver.adopt([{ handle: handle(0), status: 'finished', outcome: { kind: 'exited', exitCode: 0 } }], previous);
  const [first, second] = rounds;
  assert.deepEqual(first?.events?.map((e) => [e.job, e.type, e.detail]), [[0, 'adopted', { attempt: 1, status: 'finished', externalId: '100', previousDriver: previous }]]);
  assert.deepEqual(first?.transitions, [], 'logged in its own commit, before the ending it settles');
  assert.equal(second?.transitions[0]?.state, JobState.SUCCEEDED);
  await driver.run();
  const pruned = rounds.flatMap((r) => r.transitions).filter((t) => t.state === JobState.PRUNED);
  assert.ok(pruned.length > 0 && pruned.every((t) => workflow.jobs[t.ancestor ?? -1]?.label === 'calibrate'), 'each pruned job names the calibrate job that failed');
});
