import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dimensionClustering } from '../../../src/cluster/dimension-clustering.js';
import { partitionIds } from '../../../src/cluster/partition.js';
import type { ClusterSpec } from '../../../src/cluster/types.js';
import { quantumGraphFromQuanta } from '../../../src/qgraph/assemble.js';
import type { Quantum } from '../../../src/qgraph/types.js';
import { byD1D2, ctrlBpsGraph, dump, NAMING } from './support.js';

test('partitionMaxSize 1: one partition per D2 value, numbered over all clusters of the label (_001, _002)', () => {
  const cqg = dimensionClustering(ctrlBpsGraph(), [{ label: 'cl1', pipetasks: ['T1', 'T2', 'T2b', 'T3', 'T4'], dimensions: ['D1'], partitionDimensions: ['D2'], partitionMaxSize: 1 }], { ...NAMING, useNodeIdInClusterName: false });
  const all = { T1: 1, T2: 1, T2b: 1, T3: 1, T4: 1 };
  assert.deepEqual(dump(cqg), {
    nodes: {
      cl1_1_001: { label: 'cl1', dims: { D1: 1 }, counts: all },
      cl1_1_002: { label: 'cl1', dims: { D1: 1 }, counts: all },
      cl1_3_002: { label: 'cl1', dims: { D1: 3 }, counts: all },
      ...Object.fromEntries(Object.entries(byD1D2('T5', ['T5'], (d1, d2) => `T5_${d1}_${d2}_`)).map(([k, v]) => [k, v])),
    },
    edges: [],
  });
  assert.deepEqual(cqg.names.slice(0, 3), ['cl1_1_001', 'cl1_1_002', 'cl1_3_002'], 'clusters in order of first name, then partition');
});

/** One visit-level task over visits × detectors 1…10. */
function detectorGraph(visits: number[]) {
  const quanta: Quantum[] = [];
  for (const visit of visits) for (let detector = 1; detector <= 10; detector += 1) {
    quanta.push({ id: `00000000-0000-7000-8000-${String(quanta.length + 1).padStart(12, '0')}`, label: 'calibrate', dataId: { instrument: 'LSSTCam', visit, detector } });
  }
  return quantumGraphFromQuanta({ quanta, edgeFrom: [], edgeTo: [] });
}

const byVisit = (extra: Partial<ClusterSpec>): ClusterSpec => ({ label: 'calib', pipetasks: ['calibrate'], dimensions: ['visit'], partitionDimensions: ['detector'], ...extra });

test('partitionMaxClusters: ⌊max / clusters⌋ partitions of the text-sorted values, the remainder one extra each to the first ones', () => {
  // 10 values, 3 partitions: 4, 3, 3 values, sorted as text: 1, 10, 2, 3 | 4, 5, 6 | 7, 8, 9.
  const cqg = dimensionClustering(detectorGraph([7]), [byVisit({ partitionMaxClusters: 3 })], NAMING);
  const members = Object.fromEntries(cqg.names.map((name, c) => [name, [...cqg.quantaOf(c)].map((q) => cqg.graph.value(q, 'detector'))]));
  assert.deepEqual(members, { calib_7_001: [1, 2, 3, 10], calib_7_002: [4, 5, 6], calib_7_003: [7, 8, 9] });
  assert.deepEqual(cqg.tags(0), { visit: 7 });
  // Two visits and 7 clusters allowed: ⌊7 / 2⌋ = 3 partitions for each visit.
  assert.equal(dimensionClustering(detectorGraph([7, 8]), [byVisit({ partitionMaxClusters: 7 })], NAMING).size, 6);
});

test('partitionIds on its own: the remainder rule and partitionMaxSize', () => {
  const spec = byVisit({});
  const values = ['8', '1', '2', '5', '7', '3', '6', '4', '9', '10'];
  assert.deepEqual([...partitionIds({ ...spec, partitionMaxSize: 4 }, values, 1)], [['1', 1], ['10', 1], ['2', 1], ['3', 1], ['4', 2], ['5', 2], ['6', 2], ['7', 2], ['8', 3], ['9', 3]]);
  // More partitions than values: one value each.
  assert.deepEqual([...partitionIds({ ...spec, partitionMaxClusters: 50 }, ['b', 'a'], 2)], [['a', 1], ['b', 2]]);
});

test('partition settings: neither or both max keys, or too few clusters allowed, are errors', () => {
  const graph = detectorGraph([7, 8]);
  assert.throws(() => dimensionClustering(graph, [byVisit({})], NAMING), {
    name: 'ConfigError', message: 'Defined partitionDimensions for cluster calib, but missing one of the following: partitionMaxClusters or partitionMaxSize',
  });
  assert.throws(() => dimensionClustering(graph, [byVisit({ partitionMaxClusters: 4, partitionMaxSize: 2 })], NAMING), {
    name: 'ConfigError', message: 'Defined more than one of the following for cluster calib: partitionMaxClusters and partitionMaxSize',
  });
  assert.throws(() => dimensionClustering(graph, [byVisit({ partitionMaxClusters: 1 })], NAMING), {
    name: 'ConfigError', message: 'Cluster calib: partitionMaxClusters (1) must be the same or larger than the number of cluster dimension values (2)',
  });
});
