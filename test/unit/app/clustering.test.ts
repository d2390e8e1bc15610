import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveClustering } from '../../../src/app/clustering.js';
import { ctrlBpsGraph } from '../cluster/support.js';
import { PAYLOAD, load, throwsConfig } from '../config/support.js';

const DIMENSION = 'clusterAlgorithm: lsst.ctrl.bps.quantum_clustering_funcs.dimension_clustering\n';

test('a cluster job asks for its largest task\'s memory and the sum of its quanta\'s wall times', () => {
  const { config } = load({
    'main.yaml': `${PAYLOAD}${DIMENSION}cluster:
  c12: {pipetasks: "T1, T2", dimensions: "D1, D2"}
pipetask:
  T1: {requestMemory: 4096, requestWalltime: 600}
  T2: {requestMemory: 3000, requestWalltime: 300}
  T3: {requestMemory: 5000, requestWalltime: 100}
`,
  });
  const clustering = resolveClustering(config);
  const clustered = clustering.cluster(ctrlBpsGraph());
  assert.ok(clustered.labels.includes('c12'));
  assert.deepEqual(clustering.jobSize('c12', [['T1', 1], ['T2', 1]]), { memoryMiB: 4096, walltimeSec: 900 });
  assert.deepEqual(clustering.jobSize('c12', [['T2', 2]]), { memoryMiB: 3000, walltimeSec: 600 });
  // A task label clustered one quantum per job keeps its own values.
  assert.deepEqual(clustering.jobSize('T3', [['T3', 1]]), { memoryMiB: 5000, walltimeSec: 100 });
  assert.equal(clustering.isClusterLabel('c12'), true);
  assert.equal(clustering.isClusterLabel('T3'), false);
});

test('sizes set in the cluster section are the job\'s, whatever it holds', () => {
  const { config } = load({
    'main.yaml': `${PAYLOAD}${DIMENSION}cluster:
  c12: {pipetasks: "T1, T2", dimensions: "D1, D2", requestMemory: 1000, requestWalltime: 60}
pipetask:
  T1: {requestMemory: 4096, requestWalltime: 600}
`,
  });
  const clustering = resolveClustering(config);
  clustering.cluster(ctrlBpsGraph());
  assert.deepEqual(clustering.jobSize('c12', [['T1', 1], ['T2', 1]]), { memoryMiB: 1000, walltimeSec: 60 });
});

test('naming: templateDataId and useNodeIdInClusterName per task label, as ctrl_bps looks them up', () => {
  const { config } = load({
    'main.yaml': `${PAYLOAD}templateDataId: "{D1}_{D2}"
pipetask:
  T3: {useNodeIdInClusterName: false}
  T4: {templateDataId: "d{D1}"}
`,
  });
  const clustered = resolveClustering(config).cluster(ctrlBpsGraph());
  const names = clustered.names;
  assert.ok(names.includes('T3_1_2'), 'no UUID before T3 names');
  assert.ok(names.some((n) => /^[0-9a-f-]{36}_T4_d1$/.test(n)), 'T4 has its own template');
  assert.ok(names.some((n) => /^[0-9a-f-]{36}_T1_1_2$/.test(n)));
});

test('an unknown clusterAlgorithm fails when the config is read, listing the supported ones', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}clusterAlgorithm: my.own.clustering\n` });
  throwsConfig(() => resolveClustering(config), /Unknown clusterAlgorithm 'my\.own\.clustering'.*single_quantum_clustering.*dimension_clustering/);
});
