import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dimensionClustering } from '../../../src/cluster/dimension-clustering.js';
import type { ClusterSpec } from '../../../src/cluster/types.js';
import { byD1D2, ctrlBpsGraph, dump, NAMING, perD1D2, singles } from './support.js';

const cluster = (specs: ClusterSpec[], naming = NAMING) => dump(dimensionClustering(ctrlBpsGraph(), specs, naming));
const node = (label: string) => (d1: number, d2: number) => `NODENAME_${label}_${d1}_${d2}_`;
const cl = (label: string) => (d1: number, d2: number) => `${label}_${d1}_${d2}`;

test('all tasks in one cluster label, clustered by D1, D2: one cluster per value pair, no edges', () => {
  assert.deepEqual(cluster([{ label: 'cl1', pipetasks: ['T1', 'T2', 'T2b', 'T3', 'T4', 'T5'], dimensions: ['D1', 'D2'] }]), {
    nodes: byD1D2('cl1', ['T1', 'T2', 'T2b', 'T3', 'T4', 'T5']),
    edges: [],
  });
});

test('clusterTemplate names the clusters (only cluster dimensions fill it: D3, D4 are empty, a trailing _ stays)', () => {
  const { nodes } = cluster([{ label: 'cl1', pipetasks: ['T1', 'T2', 'T2b', 'T3', 'T4', 'T5'], dimensions: ['D1', 'D2'], clusterTemplate: 'ct_{D1}_{D2}_{D3}_{D4}' }]);
  assert.deepEqual(Object.keys(nodes).sort(), ['ct_1_2_', 'ct_1_4_', 'ct_3_4_']);
});

test('without dimensions a cluster label is one cluster; uncovered tasks get single-quantum clusters and cluster edges', () => {
  const naming = { ...NAMING, templateDataId: 'tdid_{D1}_{D2}_{D3}_{D4}' };
  const result = cluster([{ label: 'cl1', pipetasks: ['T1', 'T2'] }, { label: 'cl2', pipetasks: ['T3', 'T4'] }], naming);
  const tdid = (label: string) => (d1: number, d2: number) => `${label}_tdid_${d1}_${d2}_`;
  assert.deepEqual(result, {
    nodes: {
      cl1: { label: 'cl1', dims: {}, counts: { T1: 3, T2: 3 } },
      cl2: { label: 'cl2', dims: {}, counts: { T3: 3, T4: 3 } },
      ...singles('T2b', 'NODENAME_', tdid('T2b')),
      ...singles('T5', 'NODENAME_', tdid('T5')),
    },
    edges: ['cl1 -> cl2', ...perD1D2(() => 'cl1', (d1, d2) => `NODENAME_T2b_tdid_${d1}_${d2}_`)].sort(),
  });
});

test('several cluster labels: edges between clusters of different labels, deduplicated, never a self edge', () => {
  const cqg = dimensionClustering(ctrlBpsGraph(), [
    { label: 'cl1', pipetasks: ['T1', 'T2'], dimensions: ['D1', 'D2'] },
    { label: 'cl2', pipetasks: ['T3', 'T4'], dimensions: ['D1', 'D2'] },
  ], NAMING);
  assert.deepEqual(dump(cqg), {
    nodes: { ...byD1D2('cl1', ['T1', 'T2']), ...byD1D2('cl2', ['T3', 'T4']), ...singles('T2b'), ...singles('T5') },
    edges: [...perD1D2(cl('cl1'), node('T2b')), ...perD1D2(cl('cl1'), cl('cl2'))].sort(),
  });
  assert.deepEqual(cqg.labels, ['cl1', 'T2b', 'cl2', 'T5']);
  for (let e = 0; e < cqg.edgeFrom.length; e += 1) assert.ok((cqg.edgeFrom[e] as number) < (cqg.edgeTo[e] as number), 'clusters are in topological order');
  assert.deepEqual(cqg.labelInfo[0], { label: 'cl1', taskLabels: ['T1', 'T2'], quantaCounts: [3, 3], dimensions: ['D1', 'D2'], singleQuantum: false });
});

test('part of the pipeline clustered: uncovered tasks keep templateDataId names and quantum edges', () => {
  assert.deepEqual(cluster([{ label: 'cl1', pipetasks: ['T1', 'T2'], dimensions: ['D1', 'D2'] }]), {
    nodes: { ...byD1D2('cl1', ['T1', 'T2']), ...singles('T2b'), ...singles('T3'), ...singles('T4'), ...singles('T5') },
    edges: [...perD1D2(cl('cl1'), node('T2b')), ...perD1D2(cl('cl1'), node('T3')), ...perD1D2(node('T3'), node('T4'))].sort(),
  });
});

test('equalDimensions (right half): a quantum lacking NotThere takes its D2 value', () => {
  assert.deepEqual(cluster([{ label: 'cl1', pipetasks: ['T1', 'T2', 'T3', 'T4'], dimensions: ['D1', 'NotThere'], equalDimensions: [['NotThere', 'D2']] }]), {
    nodes: {
      ...Object.fromEntries(Object.entries(byD1D2('cl1', ['T1', 'T2', 'T3', 'T4'])).map(([k, v]) => [k, { ...v, dims: { D1: v.dims['D1'] as number, NotThere: v.dims['D2'] as number } }])),
      ...singles('T2b'), ...singles('T5'),
    },
    edges: perD1D2(cl('cl1'), node('T2b')).sort(),
  });
});

test('equalDimensions (left half): D2:NotThere works the same way round', () => {
  const { nodes } = cluster([{ label: 'cl1', pipetasks: ['T1', 'T2', 'T2b', 'T3', 'T4'], dimensions: ['D1', 'NotThere'], equalDimensions: [['D2', 'NotThere']] }]);
  assert.deepEqual(nodes['cl1_3_4'], { label: 'cl1', dims: { D1: 3, NotThere: 4 }, counts: { T1: 1, T2: 1, T2b: 1, T3: 1, T4: 1 } });
  assert.equal(Object.keys(nodes).length, 6);
});

test('pipetasks absent from the graph are ignored (even in two definitions, as ctrl_bps only counts labels it has)', () => {
  const result = cluster([
    { label: 'cl1', pipetasks: ['T1', 'Extra1', 'T2', 'Extra2', 'T3', 'T4'], dimensions: ['D1', 'D2'] },
    { label: 'cl2', pipetasks: ['Extra1'], dimensions: ['D1'] },
    { label: 'cl3', pipetasks: ['NotInGraph'] },
  ]);
  assert.deepEqual(result, {
    nodes: { ...byD1D2('cl1', ['T1', 'T2', 'T3', 'T4']), ...singles('T2b'), ...singles('T5') },
    edges: perD1D2(cl('cl1'), node('T2b')).sort(),
  });
});

test('a template that ignores a dimension merges quanta into one cluster; / in values becomes _', () => {
  const cqg = dimensionClustering(ctrlBpsGraph(), [{ label: 'cl1', pipetasks: ['T1'], dimensions: ['D1', 'D2'], clusterTemplate: 'a/{D1}' }], NAMING);
  const c = cqg.names.indexOf('a_1');
  assert.ok(c >= 0 && cqg.names.indexOf('a_3') >= 0);
  assert.equal(cqg.quantaOf(c).length, 2);
  assert.deepEqual(cqg.tags(c), { D1: 1, D2: 2 }, 'tags come from the first quantum of the cluster');
});

test('the cluster members: in label order, then graph order (no findDependencyMethod)', () => {
  const cqg = dimensionClustering(ctrlBpsGraph(), [{ label: 'cl1', pipetasks: ['T1', 'T2', 'T3'], dimensions: ['D1'] }], NAMING);
  const g = cqg.graph;
  const show = (c: number) => [...cqg.quantaOf(c)].map((q) => `${g.labels[g.labelOf[q] as number]}(${g.value(q, 'D1')},${g.value(q, 'D2')})`);
  assert.deepEqual(show(cqg.names.indexOf('cl1_1')), ['T1(1,2)', 'T1(1,4)', 'T2(1,2)', 'T2(1,4)', 'T3(1,2)', 'T3(1,4)']);
  assert.deepEqual(Object.fromEntries(cqg.quantaCounts(cqg.names.indexOf('cl1_3'))), { T1: 1, T2: 1, T3: 1 });
  for (let q = 0; q < g.size; q += 1) assert.ok([...cqg.quantaOf(cqg.clusterOf[q] as number)].includes(q));
});
