import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dimensionClustering } from '../../../src/cluster/dimension-clustering.js';
import type { ClusterSpec } from '../../../src/cluster/types.js';
import { byD1D2, ctrlBpsGraph, dump, members, NAMING, perD1D2, singles } from './support.js';

const node = (label: string) => (d1: number, d2: number) => `NODENAME_${label}_${d1}_${d2}_`;
const cl = (d1: number, d2: number) => `cl1_${d1}_${d2}`;
const spec = (method: string, extra: Partial<ClusterSpec> = {}): ClusterSpec => ({ label: 'cl1', pipetasks: ['T1', 'T2', 'T3'], dimensions: ['D1'], findDependencyMethod: method, ...extra });

test('findDependencyMethod source: members by dimensions as without it; quanta met walking down from each T1 quantum', () => {
  const cqg = dimensionClustering(ctrlBpsGraph(), [spec('source')], NAMING);
  assert.deepEqual(members(cqg).cl1_1, ['T1(1,2)', 'T2(1,2)', 'T3(1,2)', 'T1(1,4)', 'T2(1,4)', 'T3(1,4)']);
  assert.deepEqual(members(cqg).cl1_3, ['T1(3,4)', 'T2(3,4)', 'T3(3,4)']);
});

test('findDependencyMethod sink: walking up from each quantum of the last task', () => {
  const cqg = dimensionClustering(ctrlBpsGraph(), [spec('sink')], NAMING);
  assert.deepEqual(members(cqg).cl1_1, ['T3(1,2)', 'T2(1,2)', 'T1(1,2)', 'T3(1,4)', 'T2(1,4)', 'T1(1,4)']);
});

test('source and sink give ctrl_bps\'s clusters and edges (its testDependenciesSource/Sink answers)', () => {
  for (const method of ['source', 'sink']) {
    const result = dump(dimensionClustering(ctrlBpsGraph(), [spec(method, { dimensions: ['D1', 'D2'] })], NAMING));
    assert.deepEqual(result, {
      nodes: { ...byD1D2('cl1', ['T1', 'T2', 'T3']), ...singles('T2b'), ...singles('T4'), ...singles('T5') },
      edges: [...perD1D2(cl, node('T2b')), ...perD1D2(cl, node('T4'))].sort(),
    }, method);
  }
});

test('source and sink on an uneven graph (quanta of T1 and T2 done in an earlier run): ctrl_bps\'s answer', () => {
  for (const method of ['source', 'sink']) {
    const result = dump(dimensionClustering(ctrlBpsGraph({ uneven: true }), [spec(method, { dimensions: ['D1', 'D2'] })], NAMING));
    assert.deepEqual(result.nodes['cl1_1_2'], { label: 'cl1', dims: { D1: 1, D2: 2 }, counts: { T3: 1 } }, method);
    assert.deepEqual(result.nodes['cl1_1_4'], { label: 'cl1', dims: { D1: 1, D2: 4 }, counts: { T2: 1, T3: 1 } }, method);
    assert.deepEqual(result.nodes['cl1_3_4'], { label: 'cl1', dims: { D1: 3, D2: 4 }, counts: { T1: 1, T2: 1, T3: 1 } }, method);
    assert.deepEqual(result.edges, ['cl1_1_2 -> NODENAME_T4_1_2_', 'cl1_1_4 -> NODENAME_T2b_1_4_', 'cl1_1_4 -> NODENAME_T4_1_4_', 'cl1_3_4 -> NODENAME_T2b_3_4_', 'cl1_3_4 -> NODENAME_T4_3_4_'], method);
  }
});

test('sink and source across two cluster labels; no dimensions make one cluster', () => {
  const both = dump(dimensionClustering(ctrlBpsGraph(), [
    { label: 'cl1', pipetasks: ['T1', 'T2'], dimensions: ['D1', 'D2'], findDependencyMethod: 'sink' },
    { label: 'cl2', pipetasks: ['T3', 'T4'], dimensions: ['D1', 'D2'], findDependencyMethod: 'source' },
  ], NAMING));
  assert.deepEqual(both.edges, [...perD1D2(cl, node('T2b')), ...perD1D2(cl, (d1, d2) => `cl2_${d1}_${d2}`)].sort());
  const one = dump(dimensionClustering(ctrlBpsGraph(), [{ label: 'cl1', pipetasks: ['T2', 'T3'], findDependencyMethod: 'sink' }], NAMING));
  assert.deepEqual(one.nodes['cl1'], { label: 'cl1', dims: {}, counts: { T2: 3, T3: 3 } });
  assert.deepEqual(one.edges, [...perD1D2(node('T1'), () => 'cl1'), ...perD1D2(() => 'cl1', node('T2b')), ...perD1D2(() => 'cl1', node('T4'))].sort());
});

test('an invalid findDependencyMethod is an error', () => {
  assert.throws(() => dimensionClustering(ctrlBpsGraph(), [spec('bad')], NAMING), { name: 'ConfigError', message: 'Invalid findDependencyMethod (bad) for cluster cl1' });
});
