import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWorkflow } from '../../../src/workflow/build.js';
import { jobArgv } from '../../support/scheduling.js';
import { makeLabelSpec, makeThreeLabelGraph } from '../../support/workflows.js';

const options = (whenRun: 'ALWAYS' | 'SUCCESS' | 'NEVER', runInit = true) => ({
  name: 'u_me_run',
  templateDataId: '{tract}_{patch}_{band}_{visit}_{exposure}_{detector}',
  formatValue: (v: string | number) => String(v),
  labelSpec: (label: string) => makeLabelSpec(label, { command: ['pipetask', 'run-qbb', 'repo', 'g.qg', '--qgraph-node-id', '{qgraphNodeId}'] }),
  init: runInit ? makeLabelSpec('pipetaskInit', { kind: 'init' as const }) : undefined,
  finalJob: { whenRun, spec: makeLabelSpec('finalJob', { kind: 'final' as const }) },
});

test("one job per quantum, named as ctrl_bps's single-quantum clustering names it: <uuid>_<label>_<data ID values>, runs of _ collapsed", () => {
  const graph = makeThreeLabelGraph(2);
  const workflow = buildWorkflow(graph, options('ALWAYS'));
  assert.deepEqual(workflow.jobs.map((j) => j.name), [
    'pipetaskInit',
    '00000000-0000-7000-8000-000000000000_isr_100_0',
    '00000000-0000-7000-8000-000000000001_isr_100_1',
    '00000000-0000-7000-8000-000000000002_calibrate_100_0',
    '00000000-0000-7000-8000-000000000003_calibrate_100_1',
    // ctrl_bps keeps the trailing _ a missing last dimension leaves.
    '00000000-0000-7000-8000-000000000004_coadd_3828_24_i_',
    'finalJob',
  ]);
  assert.deepEqual(workflow.labels, ['pipetaskInit', 'isr', 'calibrate', 'coadd', 'finalJob']);
});

test('pipetaskInit is a parent of every job without parents; an ALWAYS final job has no edges', () => {
  const workflow = buildWorkflow(makeThreeLabelGraph(2), options('ALWAYS'));
  const edges = [...workflow.edgeFrom].map((f, e) => `${f}->${workflow.edgeTo[e]}`).sort();
  assert.deepEqual(edges, ['0->1', '0->2', '1->3', '2->4', '3->5', '4->5'].sort());
  assert.deepEqual(workflow.finalJob, { index: 6, whenRun: 'ALWAYS' });
});

test('a SUCCESS final job depends on every sink; NEVER adds none; runInit false adds no init job', () => {
  const success = buildWorkflow(makeThreeLabelGraph(2), options('SUCCESS'));
  assert.ok([...success.edgeTo].filter((t) => t === 6).length === 1 && success.edgeFrom[success.edgeTo.indexOf(6)] === 5);
  const never = buildWorkflow(makeThreeLabelGraph(2), options('NEVER', false));
  assert.equal(never.jobs.length, 5);
  assert.equal(never.finalJob, undefined);
  assert.ok(!never.labels.includes('pipetaskInit'));
});

test('{qgraphNodeId} becomes the job quanta ids, one argv word whatever they contain', () => {
  const graph = makeThreeLabelGraph(1);
  const workflow = buildWorkflow(graph, options('NEVER'));
  assert.deepEqual(jobArgv(workflow, graph, 1), ['pipetask', 'run-qbb', 'repo', 'g.qg', '--qgraph-node-id', '00000000-0000-7000-8000-000000000000']);
});
