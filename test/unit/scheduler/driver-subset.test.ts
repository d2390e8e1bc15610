import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JobLaunch, JobOutcome } from '../../../src/executors/contract.js';
import { JobState } from '../../../src/model/job-state.js';
import type { SchedulingState } from '../../../src/model/scheduling-state.js';
import type { RoundChanges } from '../../../src/model/transition.js';
import { Driver } from '../../../src/scheduler/driver.js';
import type { Workflow } from '../../../src/workflow/types.js';
import { FakeExecutor } from '../../support/fake-executor.js';
import { schedulingStateOf, WorkflowCatalog } from '../../support/scheduling.js';
import { makeThreeLabelWorkflow } from '../../support/workflows.js';

// Jobs: 0 pipetaskInit → 1..3 isr (detector 0..2) → 4..6 calibrate → 7 coadd; 8 finalJob (ALWAYS, no edges).
const { graph, workflow } = makeThreeLabelWorkflow();
const job = (label: string, detector?: number) => {
  const index = workflow.jobs.findIndex((j) => j.label === label && (detector === undefined || graph.value(j.quanta[0] as number, 'detector') === detector));
  assert.ok(index >= 0, `${label} ${detector ?? ''}`);
  return index;
};
const ISR0 = job('isr', 0);
const ISR1 = job('isr', 1);
const CAL0 = job('calibrate', 0);
const CAL1 = job('calibrate', 1);
const COADD = job('coadd');

type Counters = Pick<SchedulingState, 'attempt' | 'retriesUsed' | 'memoryMiB'>;

/** One driver over `states` (a previous driver's, as a restart reads them back), running only `only`. */
function drive(options: { states?: Uint8Array; counters?: Counters; only?: ReadonlySet<number>; failing?: ReadonlySet<number> }) {
  const fresh = schedulingStateOf(workflow, options.states ? { states: [...options.states] } : {});
  const c = options.counters;
  const run: SchedulingState = c ? { ...fresh, attempt: c.attempt, retriesUsed: c.retriesUsed, memoryMiB: c.memoryMiB } : fresh;
  const counters: Counters = run;
  const outcomeOf = (l: JobLaunch): JobOutcome => ({ kind: 'exited', exitCode: options.failing?.has(l.jobId - 1) ? 1 : 0 });
  const executor = new FakeExecutor({ slots: 2, outcomeOf });
  const rounds: RoundChanges[] = [];
  const driver = new Driver({
    run,
    catalog: new WorkflowCatalog(workflow, graph, '/tmp'),
    executor,
    sink: { applyRound: (changes) => void rounds.push(changes) },
    ...(options.only ? { only: options.only } : {}),
  });
  return { driver, executor, rounds, counters, launched: () => executor.launches.map((l) => l.jobId - 1) };
}

test('only: the selected job runs after the unfinished ancestors it needs, and nothing else runs', async () => {
  const { driver, launched } = drive({ only: new Set([CAL1]) });
  assert.deepEqual(await driver.run(), { kind: 'finished' });
  assert.deepEqual(launched(), [job('pipetaskInit'), ISR1, CAL1]);
  const state = driver.dag.state;
  assert.equal(state[CAL1], JobState.SUCCEEDED);
  // Released by their parents but never dispatched: they wait in the state for a later run.
  assert.equal(state[ISR0], JobState.READY);
  assert.equal(state[CAL0], JobState.UNREADY);
  assert.equal(state[COADD], JobState.UNREADY);
  assert.equal(state[job('finalJob')], JobState.UNREADY);
});

test('only: a failed job runs again with fresh retries; the jobs it pruned wait again but are not run', async () => {
  const first = drive({ failing: new Set([ISR0]) });
  await first.driver.run();
  assert.equal(first.driver.dag.state[ISR0], JobState.FAILED);
  assert.equal(first.driver.dag.state[CAL0], JobState.PRUNED);
  assert.equal(first.driver.dag.state[COADD], JobState.PRUNED);
  first.counters.retriesUsed[ISR0] = 3;

  const second = drive({ states: first.driver.dag.state, counters: first.counters, only: new Set([ISR0]) });
  assert.deepEqual(await second.driver.run(), { kind: 'finished' });
  assert.deepEqual(second.launched(), [ISR0]);
  assert.equal(second.executor.launches[0]?.attempt, 2);
  assert.equal(second.counters.retriesUsed[ISR0], 0);
  const state = second.driver.dag.state;
  assert.equal(state[ISR0], JobState.SUCCEEDED);
  assert.equal(state[CAL0], JobState.READY);
  assert.equal(state[COADD], JobState.UNREADY);
  const reopened = second.rounds.flatMap((r) => r.transitions).filter((t) => t.reason === 'selected to run again').map((t) => [t.job, t.state]);
  assert.deepEqual(reopened.sort(), [[ISR0, JobState.READY], [CAL0, JobState.UNREADY], [COADD, JobState.UNREADY]].sort());

  const rest = drive({ states: state, counters: second.counters });
  await rest.driver.run();
  // ISR0 succeeded after the finalJob ran: it is due again, and runs last (issue 15: retried outputs reach the Butler).
  assert.deepEqual(rest.launched(), [CAL0, COADD, job('finalJob')], 'a later full run runs what was left waiting, then the finalJob again, nothing else twice');
  assert.ok(rest.driver.dag.state.every((s) => s === JobState.SUCCEEDED));
});

test('only: a job pruned by another failure that was not selected stays pruned', async () => {
  const first = drive({ failing: new Set([ISR0, ISR1]) });
  await first.driver.run();
  const second = drive({ states: first.driver.dag.state, counters: first.counters, only: new Set([ISR0]) });
  await second.driver.run();
  const state = second.driver.dag.state;
  assert.equal(state[ISR0], JobState.SUCCEEDED);
  assert.equal(state[CAL0], JobState.READY);
  assert.equal(state[ISR1], JobState.FAILED);
  assert.equal(state[CAL1], JobState.PRUNED);
  assert.equal(state[COADD], JobState.PRUNED, 'calibrate 1 still prunes it');
});

test('only: selecting a pruned job reruns its failed ancestor first; a succeeded job never runs again', async () => {
  const first = drive({ failing: new Set([ISR0]) });
  await first.driver.run();
  const second = drive({ states: first.driver.dag.state, counters: first.counters, only: new Set([CAL0, ISR1]) });
  await second.driver.run();
  assert.deepEqual(second.launched(), [ISR0, CAL0]);
  assert.equal(second.driver.dag.state[COADD], JobState.READY);
});

const FINAL = workflow.jobs.findIndex((j) => j.label === 'finalJob');

test('finalJob (ALWAYS) runs again when a job succeeds after it ran: restart --retry-failed reruns the failure, then the finalJob', async () => {
  const first = drive({ failing: new Set([ISR0]) });
  await first.driver.run();
  assert.equal(first.driver.dag.state[FINAL], JobState.SUCCEEDED, 'the finalJob ran once everything had settled');
  const retry = drive({ states: first.driver.dag.state, counters: first.counters });
  retry.driver.reopenFailed();
  assert.equal(retry.driver.dag.state[FINAL], JobState.SUCCEEDED, 'reopening the failures does not rerun it yet');
  await retry.driver.run();
  assert.deepEqual(retry.launched(), [ISR0, CAL0, COADD, FINAL], 'the retried jobs first, the finalJob last');
  assert.ok(retry.driver.dag.state.every((s) => s === JobState.SUCCEEDED));
  const dueAgain = retry.rounds.flatMap((r) => r.transitions).find((t) => t.job === FINAL && t.state === JobState.UNREADY);
  assert.match(dueAgain?.reason ?? '', /^due again: .*_isr_.* succeeded after it ran$/);
});

test('finalJob (ALWAYS) that failed is not rerun ahead of the failures --retry-failed reopens', async () => {
  const first = drive({ failing: new Set([ISR0, FINAL]) });
  await first.driver.run();
  assert.equal(first.driver.dag.state[FINAL], JobState.FAILED);
  const retry = drive({ states: first.driver.dag.state, counters: first.counters });
  retry.driver.reopenFailed();
  assert.equal(retry.driver.dag.state[FINAL], JobState.UNREADY, 'it waits for everything else to settle');
  await retry.driver.run();
  assert.deepEqual(retry.launched(), [ISR0, CAL0, COADD, FINAL]);
});

test('a run({jobs}) whose jobs succeed after the finalJob ran leaves the finalJob due for the rest of the run', async () => {
  const first = drive({ failing: new Set([ISR0]) });
  await first.driver.run();
  const second = drive({ states: first.driver.dag.state, counters: first.counters, only: new Set([ISR0]) });
  await second.driver.run();
  assert.deepEqual(second.launched(), [ISR0]);
  assert.equal(second.driver.dag.state[FINAL], JobState.UNREADY, 'due again, it runs once calibrate and coadd have');
  const rest = drive({ states: second.driver.dag.state, counters: second.counters });
  await rest.driver.run();
  assert.deepEqual(rest.launched(), [CAL0, COADD, FINAL]);
});
