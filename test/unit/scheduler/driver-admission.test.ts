/** The scheduler asks executors that pack jobs themselves before handing a job over (scheduler/admission.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Admission, JobRequest } from '../../../src/executors/contract.js';
import { JobState } from '../../../src/model/job-state.js';
import type { RoundChanges } from '../../../src/model/transition.js';
import { Driver } from '../../../src/scheduler/driver.js';
import { FakeExecutor } from '../../support/fake-executor.js';
import { schedulingStateOf, WorkflowCatalog } from '../../support/scheduling.js';
import { makeThreeLabelWorkflow } from '../../support/workflows.js';

/** A FakeExecutor that answers admit() with `decide`, recording every request. */
class AdmittingExecutor extends FakeExecutor {
  readonly requests: JobRequest[] = [];
  constructor(private readonly decide: (request: JobRequest, executor: AdmittingExecutor) => Admission, slots = 4) {
    super({ slots });
  }
  admit(request: JobRequest): Admission {
    this.requests.push(request);
    return this.decide(request, this);
  }
}

function setup(decide: (request: JobRequest, executor: AdmittingExecutor) => Admission, slots = 4) {
  const { graph, workflow } = makeThreeLabelWorkflow();
  const executor = new AdmittingExecutor(decide, slots);
  const catalog = new WorkflowCatalog(workflow, graph, '/tmp');
  const driver = new Driver({ run: schedulingStateOf(workflow), catalog, executor, sink: { applyRound: () => undefined } });
  const labelOf = (jobId: number) => workflow.jobs[jobId - 1]?.label;
  return { workflow, executor, driver, catalog, labelOf };
}

test('jobs no allocation could end in time wait for a later driver: the loop yields, they stay READY, the final job waits', async () => {
  // coadd (the last label) cannot end in what is left of "this allocation"; it is the only job ready then.
  let refuse = () => false;
  const { workflow, executor, driver, labelOf } = setup(() => (refuse() ? { kind: 'elsewhere', reason: 'too little time left' } : { kind: 'now' }));
  const coadd = workflow.jobs.findIndex((j) => j.label === 'coadd');
  refuse = () => driver.dag.state[coadd] === JobState.READY;
  assert.deepEqual(await driver.run(), { kind: 'stopped', mode: 'yield' });
  assert.equal(driver.dag.state[coadd], JobState.READY, 'coadd stays READY for the next allocation');
  assert.equal(driver.dag.state[workflow.jobs.findIndex((j) => j.label === 'finalJob')], JobState.UNREADY, 'the ALWAYS final job waits for coadd');
  assert.ok(!executor.launches.some((l) => labelOf(l.jobId) === 'coadd'), 'coadd was never handed over');
  assert.deepEqual(driver.progress(), { launched: executor.launches.length, waitingElsewhere: 1 });
  assert.ok(workflow.jobs.every((j, i) => j.label === 'coadd' || j.label === 'finalJob' || driver.dag.state[i] === JobState.SUCCEEDED));
});

test('jobs refused for now (no room) are asked again later, in their order, without using an attempt', async () => {
  // Room for one job at a time, whatever freeSlots says.
  const { workflow, executor, driver } = setup((_request, ex) => (ex.freeSlots() < 4 ? { kind: 'later' } : { kind: 'now' }));
  assert.deepEqual(await driver.run(), { kind: 'finished' });
  assert.ok(driver.dag.state.every((s) => s === JobState.SUCCEEDED));
  assert.equal(executor.launches.length, workflow.jobs.length, 'one attempt per job');
  assert.ok(executor.launches.every((l) => l.attempt === 1));
  const isr = executor.launches.filter((l) => workflow.jobs[l.jobId - 1]?.label === 'isr').map((l) => l.jobId);
  assert.deepEqual(isr, [...isr].sort((a, b) => a - b), 'FIFO among the refused');
  assert.ok(executor.requests.some((r) => r.cpus === 1), 'requests carry the job cores');
});

test('a job that can never fit fails with the executor\'s reason, and prunes its descendants', async () => {
  const { workflow, driver, catalog } = setup((request) => (request.expectedSec === 7200 ? { kind: 'never', reason: 'is expected to run 120 min, longer than a whole allocation' } : { kind: 'now' }));
  const calibrate = workflow.jobs.findIndex((j) => j.label === 'calibrate');
  catalog.expectedSeconds = (job) => (job === calibrate ? 7200 : undefined);
  assert.deepEqual(await driver.run(), { kind: 'finished' });
  assert.equal(driver.dag.state[calibrate], JobState.FAILED);
  assert.equal(driver.dag.state[workflow.jobs.findIndex((j) => j.label === 'coadd')], JobState.PRUNED);
});

test('the expected run time of a job is its label\'s longest success so far (requestWalltime when it has one)', async () => {
  const { executor, driver, catalog } = setup(() => ({ kind: 'now' }), 1);
  await driver.run();
  const isr = executor.requests.filter((_r, i) => i > 0 && i <= 3);
  assert.equal(executor.requests[1]?.expectedSec, undefined, 'the first isr job: nothing known yet');
  assert.ok(isr.slice(1).every((r) => typeof r.expectedSec === 'number'), 'later isr jobs: the first one\'s run time');
  assert.ok(catalog.runTimes.has('isr') && catalog.runTimes.has('coadd'));
});

test('deferrals are logged once per round that made any, summed per label, never once per job', async () => {
  const { graph, workflow } = makeThreeLabelWorkflow();
  const rounds: RoundChanges[] = [];
  // Every isr job is deferred: the allocation's time left is too short for it.
  const executor = new AdmittingExecutor(() => ({ kind: 'elsewhere', reason: '40 s left in the allocation, less than its expected 30 s and the margin (60 s)' }));
  const driver = new Driver({ run: schedulingStateOf(workflow), catalog: new WorkflowCatalog(workflow, graph, '/tmp'), executor, sink: { applyRound: (c) => void rounds.push(c) } });
  assert.deepEqual(await driver.run(), { kind: 'stopped', mode: 'yield' });
  const events = rounds.flatMap((r) => r.events ?? []);
  assert.equal(events.length, 1, JSON.stringify(events));
  const ready = workflow.jobs.filter((j) => j.label === 'pipetaskInit').length;
  assert.deepEqual(events[0]?.detail, { labels: [{ label: 'pipetaskInit', jobs: ready, reason: '40 s left in the allocation, less than its expected 30 s and the margin (60 s)' }] });
  assert.equal(events[0]?.job, undefined, 'a run-level event');
});
