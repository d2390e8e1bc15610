import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DagState } from '../../../src/scheduler/dag-state.js';
import { Driver, type JobCounters } from '../../../src/scheduler/driver.js';
import type { RoundChanges } from '../../../src/scheduler/round.js';
import { initialStates, labelIndices, WorkflowCatalog } from '../../../src/scheduler/workflow-catalog.js';
import { JobState, type Workflow } from '../../../src/workflow/types.js';
import type { JobLaunch, JobOutcome } from '../../../src/executors/types.js';
import { FakeExecutor } from '../../support/fake-executor.js';
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

/** One driver over `states` (a previous driver's, as a restart reads them back), running only `only`. */
function drive(options: { states?: Uint8Array; counters?: JobCounters; only?: ReadonlySet<number>; failing?: ReadonlySet<number> }) {
  const size = workflow.jobs.length;
  const counters = options.counters ?? { attempt: new Uint16Array(size), retriesUsed: new Uint16Array(size), memoryMiB: new Uint32Array(size).fill(2048) };
  const states = options.states ? Uint8Array.from(options.states) : initialStates(workflow);
  const outcomeOf = (l: JobLaunch): JobOutcome => ({ kind: 'exited', exitCode: options.failing?.has(l.jobId - 1) ? 1 : 0 });
  const executor = new FakeExecutor({ slots: 2, outcomeOf });
  const rounds: RoundChanges[] = [];
  const driver = new Driver({
    dag: new DagState({ states, labelOf: labelIndices(workflow), labelCount: workflow.labels.length, edgeFrom: workflow.edgeFrom, edgeTo: workflow.edgeTo }),
    counters,
    catalog: new WorkflowCatalog(workflow, graph, '/tmp/logging'),
    executor,
    sink: { commit: (changes) => void rounds.push(changes) },
    finalJob: workflow.finalJob ? { index: workflow.finalJob.index, always: true } : undefined,
    pollIntervalMs: 1,
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
  assert.deepEqual(rest.launched().sort(), [CAL0, COADD].sort(), 'a later full run runs what was left waiting, nothing twice');
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
