import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dimensionClustering } from '../../../src/cluster/dimension-clustering.js';
import { buildWorkflowFromClusters } from '../../../src/workflow/build-clusters.js';
import { jobArgv } from '../../support/scheduling.js';
import { makeLabelSpec } from '../../support/workflows.js';
import { ctrlBpsGraph, NAMING } from './support.js';

test('the job DAG of a clustered graph: init, one job per cluster (its name, label and quanta), final; cluster edges between jobs', () => {
  const graph = ctrlBpsGraph();
  const clusters = dimensionClustering(graph, [{ label: 'cl1', pipetasks: ['T1', 'T2'], dimensions: ['D1', 'D2'] }, { label: 'cl2', pipetasks: ['T3', 'T4'], dimensions: ['D1'] }], NAMING);
  const asked: string[] = [];
  const workflow = buildWorkflowFromClusters(clusters, {
    name: 'u_test_run',
    labelSpec: (label) => (asked.push(label), makeLabelSpec(label, { command: ['run', '{qgraphNodeId}', '{jobName}'] })),
    init: makeLabelSpec('pipetaskInit', { kind: 'init' }),
    finalJob: { whenRun: 'SUCCESS', spec: makeLabelSpec('finalJob', { kind: 'final' }) },
  });
  assert.deepEqual(asked, ['cl1', 'T2b', 'cl2', 'T5']);
  assert.deepEqual(workflow.labels, ['pipetaskInit', 'cl1', 'T2b', 'cl2', 'T5', 'finalJob']);
  assert.equal(workflow.jobs.length, clusters.size + 2);
  const cl2 = workflow.jobs.findIndex((job) => job.name === 'cl2_1');
  assert.deepEqual(workflow.jobs[cl2], { name: 'cl2_1', label: 'cl2', quanta: [...clusters.quantaOf(cl2 - 1)], cluster: cl2 - 1 });
  assert.equal(workflow.jobs[cl2]?.quanta.length, 4);
  const ids = workflow.jobs[cl2]?.quanta.map((q) => graph.id(q)).sort().join(',');
  assert.deepEqual(jobArgv(workflow, graph, cl2), ['run', ids, 'cl2_1']);
  const edges = new Set([...workflow.edgeFrom].map((f, e) => `${workflow.jobs[f]?.name} -> ${workflow.jobs[workflow.edgeTo[e] as number]?.name}`));
  assert.ok(edges.has('cl1_1_2 -> cl2_1') && edges.has('cl1_1_4 -> cl2_1') && edges.has('cl1_3_4 -> cl2_3'));
  assert.ok(edges.has('pipetaskInit -> cl1_1_2') && !edges.has('pipetaskInit -> cl2_1'), 'init feeds the clusters without parents');
  assert.ok([...edges].filter((e) => e.endsWith('-> finalJob')).length > 0 && !edges.has('cl1_1_2 -> finalJob'), 'the final job hangs off the sinks');
});
