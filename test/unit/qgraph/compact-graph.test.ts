import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantumGraphFromQuanta } from '../../../src/qgraph/assemble.js';
import type { Quantum } from '../../../src/qgraph/types.js';

const uuid = (n: number) => `0199f0a1-b2c3-7d4e-8f00-${String(n).padStart(12, '0')}`;

function sample(): Quantum[] {
  return [
    { id: uuid(1), label: 'isr', dataId: { instrument: 'LSSTCam-imSim', detector: 94, exposure: 919515 } },
    { id: uuid(2), label: 'isr', dataId: { instrument: 'LSSTCam-imSim', detector: 95, exposure: 919515 } },
    { id: uuid(3), label: 'calibrate', dataId: { instrument: 'LSSTCam-imSim', detector: 94, visit: 919515 } },
    { id: uuid(4), label: 'calibrate', dataId: { instrument: 'LSSTCam-imSim', detector: 95, visit: 919515 } },
    { id: 'C0FFEE00-0000-7000-8000-00000000000A', label: 'coadd', dataId: { skymap: 'DC2', tract: 3828, patch: 24, band: 'i' } },
  ];
}

test('ids, data IDs (keys in order, numbers stay numbers), values and dimensions round-trip', () => {
  const graph = quantumGraphFromQuanta({ quanta: sample(), edgeFrom: [0, 1, 2, 3], edgeTo: [2, 3, 4, 4] });
  assert.equal(graph.size, 5);
  assert.deepEqual(Array.from({ length: 5 }, (_, q) => graph.id(q)), [uuid(1), uuid(2), uuid(3), uuid(4), 'C0FFEE00-0000-7000-8000-00000000000A']);
  assert.deepEqual(Object.entries(graph.dataId(4)), [['skymap', 'DC2'], ['tract', 3828], ['patch', 24], ['band', 'i']]);
  assert.equal(graph.value(0, 'exposure'), 919515);
  assert.equal(graph.value(0, 'visit'), undefined);
  assert.equal(graph.value(4, 'band'), 'i');
  assert.deepEqual(graph.dimensions(2), ['instrument', 'detector', 'visit']);
  assert.equal(graph.dimensions(2), graph.dimensions(3), 'quanta with the same keys share one array');
  assert.notEqual(graph.dataId(0), graph.dataId(0), 'dataId() makes a fresh object');
  assert.deepEqual(graph.labels, ['isr', 'calibrate', 'coadd']);
  assert.deepEqual([...graph.labelOf], [0, 0, 1, 1, 2]);
  assert.throws(() => graph.id(5), RangeError);
  assert.throws(() => graph.dataId(-1), RangeError);
});

test('edges are deduplicated and sorted; labels without a given order follow the edges, ties by first appearance', () => {
  const quanta = sample();
  // File order coadd, calibrate, isr: the label order must still be isr, calibrate, coadd.
  const graph = quantumGraphFromQuanta({ quanta: [quanta[4], quanta[2], quanta[0]] as Quantum[], edgeFrom: [2, 1, 2], edgeTo: [1, 0, 1] });
  assert.deepEqual(graph.labels, ['isr', 'calibrate', 'coadd']);
  assert.deepEqual([...graph.labelOf], [2, 1, 0]);
  assert.deepEqual([...graph.edgeFrom], [1, 2]);
  assert.deepEqual([...graph.edgeTo], [0, 1]);
  const unrelated = quantumGraphFromQuanta({ quanta: [{ ...quanta[4] as Quantum }, { ...quanta[0] as Quantum }], edgeFrom: [], edgeTo: [] });
  assert.deepEqual(unrelated.labels, ['coadd', 'isr']);
});

test('a cycle is a GraphError naming quanta on it', () => {
  assert.throws(() => quantumGraphFromQuanta({ quanta: sample(), edgeFrom: [0, 2], edgeTo: [2, 0] }), {
    name: 'GraphError', message: `the QuantumGraph: the QuantumGraph has a cycle through ${uuid(1)} (isr), ${uuid(3)} (calibrate).`,
  });
  assert.throws(() => quantumGraphFromQuanta({ quanta: sample(), edgeFrom: [1], edgeTo: [1] }), { name: 'GraphError', message: /cycle through .*000000000002 \(isr\)/ });
});
