import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusteringAlgorithm, DEFAULT_CLUSTER_ALGORITHM } from '../../../src/cluster/algorithms.js';
import { dimensionClustering } from '../../../src/cluster/dimension-clustering.js';
import { singleQuantumClustering } from '../../../src/cluster/single-quantum.js';
import { quantumGraphFromQuanta } from '../../../src/qgraph/assemble.js';
import { ctrlBpsGraph, NAMING } from './support.js';

test('a task label in two cluster definitions', () => {
  assert.throws(() => dimensionClustering(ctrlBpsGraph(), [{ label: 'cl1', pipetasks: ['T1', 'T2'] }, { label: 'cl2', pipetasks: ['T2', 'T3', 'T4'] }], NAMING), {
    name: 'ConfigError', message: 'Task label T2 appears in more than one cluster definition.',
  });
  assert.throws(() => dimensionClustering(ctrlBpsGraph(), [{ label: 'cl1', pipetasks: ['T1', 'T1'] }], NAMING), { message: /Task label T1 appears in more than one/ });
});

test('cluster labels that depend on each other: the error names the cycle', () => {
  const specs = [{ label: 'cl1', pipetasks: ['T1', 'T3', 'T4'], dimensions: ['D1', 'D2'] }, { label: 'cl2', pipetasks: ['T2'], dimensions: ['D1', 'D2'] }];
  assert.throws(() => dimensionClustering(ctrlBpsGraph(), specs, NAMING), (error: Error & { hint?: string }) => {
    assert.equal(error.name, 'ConfigError');
    assert.equal(error.message, 'Cluster pipetasks do not create a DAG: cl1 -> cl2 -> cl1.');
    assert.match(error.hint ?? '', /PipelineTask needs to be added to a cluster or removed/);
    return true;
  });
});

test('a quantum lacking a clustering dimension: its id, data ID and the hint about implied dimensions', () => {
  assert.throws(() => dimensionClustering(ctrlBpsGraph(), [{ label: 'cl1', pipetasks: ['T1', 'T2', 'T3', 'T4'], dimensions: ['D1', 'NotThere'] }], NAMING), (error: Error & { hint?: string }) => {
    assert.equal(error.name, 'ConfigError');
    assert.equal(error.message, "Quantum 00000000-0000-7000-8000-000000000001 ({'D1': 1, 'D2': 2}) missing dimensions: NotThere; required for cluster cl1");
    assert.match(error.hint ?? '', /required dimensions are in the QuantumGraph's dot export \(not implied ones such as band/);
    return true;
  });
});

test('clusters (not labels) depending on each other are refused, not turned into a cyclic job DAG', () => {
  // a(x=1) → b(x=2) and a(x=2) → b(x=1): clustering a and b by x makes two clusters that feed each other.
  const quanta = [1, 2].flatMap((x) => ['a', 'b'].map((label) => ({ id: `00000000-0000-7000-8000-00000000000${label === 'a' ? x : x + 2}`, label, dataId: { x } })));
  const graph = quantumGraphFromQuanta({ quanta, edgeFrom: [0, 2], edgeTo: [3, 1] });
  assert.throws(() => dimensionClustering(graph, [{ label: 'ab', pipetasks: ['a', 'b'], dimensions: ['x'] }], NAMING), {
    name: 'ConfigError', message: /^The clusters do not create a DAG: a cycle through ab_1 \(ab\), ab_2 \(ab\)\.$/,
  });
});

test('clusters of one label feeding each other are put in topological order', () => {
  // a(x=2) → b(x=1) only: cluster ab_2 must come before ab_1 although ab_1 was made first.
  const quanta = [1, 2].flatMap((x) => ['a', 'b'].map((label) => ({ id: `00000000-0000-7000-8000-00000000000${label === 'a' ? x : x + 2}`, label, dataId: { x } })));
  const cqg = dimensionClustering(quantumGraphFromQuanta({ quanta, edgeFrom: [2], edgeTo: [1] }), [{ label: 'ab', pipetasks: ['a', 'b'], dimensions: ['x'] }], NAMING);
  assert.deepEqual(cqg.names, ['ab_2', 'ab_1']);
  assert.deepEqual([...cqg.edgeFrom, ...cqg.edgeTo], [0, 1]);
  assert.deepEqual([...cqg.clusterOf], [1, 1, 0, 0]);
});

test('a cluster label named like a task that is in no cluster, and a name made by two labels', () => {
  assert.throws(() => dimensionClustering(ctrlBpsGraph(), [{ label: 'T5', pipetasks: ['T1'] }], NAMING), { name: 'ConfigError', message: 'Cluster label T5 is also the label of a task that is in no cluster.' });
  assert.throws(() => dimensionClustering(ctrlBpsGraph(), [{ label: 'cl1', pipetasks: ['T1'], clusterTemplate: 'same' }, { label: 'cl2', pipetasks: ['T3'], clusterTemplate: 'same' }], NAMING), {
    name: 'ConfigError', message: 'Cluster same already exists in the ClusteredQuantumGraph (made again for cl2).',
  });
});

test('clusterAlgorithm: ctrl_bps names and bare names; anything else lists the supported ones', () => {
  const graph = ctrlBpsGraph();
  const specs = [{ label: 'cl1', pipetasks: ['T1', 'T2'], dimensions: ['D1', 'D2'] }];
  assert.equal(clusteringAlgorithm(DEFAULT_CLUSTER_ALGORITHM)(graph, specs, NAMING).size, graph.size);
  assert.equal(clusteringAlgorithm('lsst.ctrl.bps.quantum_clustering_funcs.dimension_clustering')(graph, specs, NAMING).size, graph.size - 3);
  assert.equal(clusteringAlgorithm('dimension_clustering')(graph, specs, NAMING).size, graph.size - 3);
  assert.deepEqual(clusteringAlgorithm('single_quantum_clustering')(graph, specs, NAMING).names, singleQuantumClustering(graph, NAMING).names);
  assert.throws(() => clusteringAlgorithm('my.module.my_clustering'), (error: Error & { hint?: string }) => {
    assert.equal(error.name, 'ConfigError');
    assert.equal(error.message, "Unknown clusterAlgorithm 'my.module.my_clustering'.");
    assert.equal(error.hint, 'Supported: lsst.ctrl.bps.quantum_clustering_funcs.single_quantum_clustering, lsst.ctrl.bps.quantum_clustering_funcs.dimension_clustering (or their bare function names).');
    return true;
  });
});
