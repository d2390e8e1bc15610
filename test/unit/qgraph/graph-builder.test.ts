import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dedupeEdges, orderLabels, topologicalOrder } from '../../../src/qgraph/graph-builder.js';
import { compileTemplate, templateFields } from '../../../src/qgraph/data-id-template.js';

const u32 = (values: number[]) => Uint32Array.from(values);

test('dedupeEdges: sorted by source then target, repeats dropped, self edges only with dropSelf', () => {
  const { edgeFrom, edgeTo } = dedupeEdges(4, u32([3, 0, 0, 3, 1, 0, 2]), u32([1, 2, 1, 1, 1, 2, 3]));
  assert.deepEqual([...edgeFrom], [0, 0, 1, 2, 3]);
  assert.deepEqual([...edgeTo], [1, 2, 1, 3, 1]);
  const dropped = dedupeEdges(4, u32([3, 0, 1]), u32([1, 2, 1]), true);
  assert.deepEqual([[...dropped.edgeFrom], [...dropped.edgeTo]], [[0, 3], [2, 1]]);
});

test('topologicalOrder: Kahn in index order; the nodes on or behind a cycle are reported', () => {
  assert.deepEqual([...topologicalOrder(4, u32([2, 0]), u32([1, 2])).order], [0, 3, 2, 1]);
  assert.deepEqual(topologicalOrder(4, u32([1, 2, 2]), u32([2, 1, 3])).stuck, [1, 2, 3]);
});

test('orderLabels: a topological order of the labels, ties by first appearance', () => {
  // labels 0:coadd 1:isr 2:calibrate, quanta 0..2 one each; isr → calibrate → coadd.
  assert.deepEqual(orderLabels([0, 1, 2], 3, { edgeFrom: u32([1, 2]), edgeTo: u32([2, 0]) }), [1, 2, 0]);
  assert.deepEqual(orderLabels([0, 1, 2], 3, { edgeFrom: u32([]), edgeTo: u32([]) }), [0, 1, 2]);
});

test('templates: missing fields empty, {{ }} literal, specs through the formatter; the fields a template uses', () => {
  const fill = compileTemplate('{{x}}_{visit:08}_{band}_{detector}', (v, spec) => `[${v}:${spec}]`);
  assert.equal(fill((key) => ({ visit: 5, detector: 3 })[key]), '{x}_[5:08]__3');
  assert.deepEqual([...templateFields('{node_number}_{label}_{{no}}_{D1:03}')], ['node_number', 'label', 'D1']);
});
