import { test } from 'node:test';
import assert from 'node:assert/strict';
import { singleQuantumClustering } from '../../../src/cluster/single-quantum.js';
import { ctrlBpsGraph, dump, NAMING, perD1D2, singles } from './support.js';

const TASKS = ['T1', 'T2', 'T2b', 'T3', 'T4', 'T5'];

test('single-quantum clustering: {node_number}_{label}_ + templateDataId, missing dimensions empty, runs of _ collapsed, trailing _ kept', () => {
  const cqg = singleQuantumClustering(ctrlBpsGraph(), NAMING);
  const name = (label: string) => (d1: number, d2: number) => `NODENAME_${label}_${d1}_${d2}_`;
  assert.deepEqual(dump(cqg), {
    nodes: Object.assign({}, ...TASKS.map((t) => singles(t))),
    edges: [
      ...perD1D2(name('T1'), name('T2')), ...perD1D2(name('T2'), name('T2b')), ...perD1D2(name('T2'), name('T3')), ...perD1D2(name('T3'), name('T4')),
    ].sort(),
  });
  assert.deepEqual(cqg.labels, TASKS);
  assert.deepEqual(cqg.labelInfo.map((info) => [info.label, info.taskLabels, info.quantaCounts, info.singleQuantum]), TASKS.map((t) => [t, [t], [3], true]));
  assert.equal(cqg.names[0], '00000000-0000-7000-8000-000000000001_T1_1_2_');
});

test('single-quantum clustering without templateDataId names each cluster by its quantum id alone', () => {
  const graph = ctrlBpsGraph();
  const cqg = singleQuantumClustering(graph, { formatValue: String });
  assert.equal(cqg.size, graph.size);
  assert.deepEqual(cqg.names.slice().sort(), Array.from({ length: graph.size }, (_, q) => graph.id(q)).sort());
  for (let c = 0; c < cqg.size; c += 1) assert.equal(cqg.names[c], graph.id(cqg.quantaOf(c)[0] as number));
});

test('useNodeIdInClusterName: false drops the node id; a per-label function works too', () => {
  const cqg = singleQuantumClustering(ctrlBpsGraph(), { ...NAMING, useNodeIdInClusterName: (label) => label !== 'T5' });
  const names = new Set(cqg.names);
  assert.ok(names.has('T5_1_2_') && names.has('T5_3_4_'));
  assert.ok([...names].filter((n) => n.includes('_T1_')).every((n) => n.startsWith('00000000-')));
});

test('format specs go through the injected formatter, and the template may differ per task label', () => {
  const cqg = singleQuantumClustering(ctrlBpsGraph(), {
    templateDataId: (label) => (label === 'T1' ? '{D1:03}_{D2}' : undefined),
    useNodeIdInClusterName: false,
    formatValue: (value, spec) => String(value).padStart(Number(spec), '0'),
  });
  assert.deepEqual(cqg.names.filter((n) => n.startsWith('T1')).sort(), ['T1_001_2', 'T1_001_4', 'T1_003_4']);
  // Without templateDataId the name is the node id, whatever useNodeIdInClusterName says.
  assert.ok(cqg.names.filter((n) => !n.startsWith('T1')).every((n) => /^[0-9a-f-]{36}$/.test(n)));
});

test('two clusters with one name are an error (useNodeIdInClusterName: false with a template that does not tell quanta apart)', () => {
  assert.throws(() => singleQuantumClustering(ctrlBpsGraph(), { templateDataId: '{D1}', useNodeIdInClusterName: false, formatValue: String }), {
    name: 'ConfigError',
    message: 'Cluster T1_1 already exists in the ClusteredQuantumGraph (made again for T1).',
  });
});
