import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NodeTable, NO_PRODUCER, UNDEFINED } from '../../../src/qgraph/node-table.js';

test('hex names: one node per 128-bit key through many growths, whatever the case; other names by string', () => {
  const table = new NodeTable();
  const name = (i: number) => `u0199f0a1b2c37d4e8f00${i.toString(16).padStart(12, '0')}`;
  const bytes = (text: string) => Buffer.from(text, 'latin1');
  for (let i = 0; i < 100_000; i += 1) assert.equal(table.hexNode(bytes(`"${name(i)}"`), 2), i);
  for (let i = 0; i < 100_000; i += 7919) {
    assert.equal(table.nameNode(name(i)), i);
    assert.equal(table.hexNode(bytes(name(i).toUpperCase()), 1), i);
  }
  assert.equal(table.count, 100_000);
  assert.equal(table.nameNode('dsref_1'), 100_000);
  assert.equal(table.nameNode('task_0_1'), 100_001);
  assert.equal(table.nameNode('dsref_1'), 100_000);
  assert.equal(table.hexNode(bytes('u0199f0a1b2c37d4e8f0000000000000g'), 1), -1, 'a non-hex digit');
  assert.equal(table.state[100_001], UNDEFINED);
  table.state[5] = NO_PRODUCER;
  assert.equal(table.nameOf(5), name(5));
  assert.equal(table.nameOf(100_001), 'task_0_1');
  table.releaseNames();
  assert.equal(table.state[5], NO_PRODUCER, 'the states outlive the names');
});
