/** The allocation executor's own account of cores, memory and time (node-pool.ts, time-fit.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NodePool } from '../../../../src/executors/allocation/node-pool.js';
import { defaultMargin, fitInTime } from '../../../../src/executors/allocation/time-fit.js';

const nodes = (n: number, cpus = 4, memoryMiB = 4000) => Array.from({ length: n }, (_, i) => ({ name: `n${i + 1}`, cpus, memoryMiB }));

test('steps spread over the least loaded nodes and never over-fill one', () => {
  const pool = new NodePool(nodes(4));
  const placed = Array.from({ length: 16 }, () => pool.place(1, 100)?.node);
  assert.deepEqual(placed.slice(0, 4), ['n1', 'n2', 'n3', 'n4'], 'one per node before any doubles up');
  for (const name of ['n1', 'n2', 'n3', 'n4']) assert.equal(placed.filter((n) => n === name).length, 4);
  assert.equal(pool.place(1, 100), undefined, 'all 16 cores taken: no room, not a blind wait');
  assert.equal(pool.freeCpus(), 0);
  pool.release({ node: 'n3', cpus: 1, memoryMiB: 100 });
  assert.equal(pool.place(1, 100)?.node, 'n3');
});

test('cores and memory both count; a request no node could hold does not fit ever', () => {
  const pool = new NodePool(nodes(2, 4, 4000));
  assert.equal(pool.fitsEver(4, 4000), true);
  assert.equal(pool.fitsEver(5, 100), false);
  assert.equal(pool.fitsEver(1, 5000), false);
  assert.equal(pool.place(1, 3000)?.node, 'n1');
  assert.equal(pool.place(1, 3000)?.node, 'n2');
  assert.equal(pool.place(1, 3000), undefined, 'cores left, memory not');
  assert.equal(pool.place(2, 1000)?.node, 'n1');
  assert.equal(pool.place(3, 100)?.node, 'n2', 'the one node with 3 cores free');
  assert.equal(pool.place(2, 100), undefined, 'n1 has 1 core free, n2 none');
});

test('adopted steps take their room back on their node', () => {
  const pool = new NodePool(nodes(2));
  assert.equal(pool.occupy({ node: 'n2', cpus: 4, memoryMiB: 100 }), true);
  assert.equal(pool.occupy({ node: 'n9', cpus: 1, memoryMiB: 1 }), false);
  assert.equal(pool.place(2, 100)?.node, 'n1');
  assert.equal(pool.place(3, 100), undefined);
  pool.release({ node: 'n2', cpus: 4, memoryMiB: 100 });
  pool.release({ node: 'n2', cpus: 4, memoryMiB: 100 });
  assert.equal(pool.freeCpus(), 6, 'a double release never makes more cores than the node has');
});

test('a job starts only when its expected run time and the margin fit in what is left', () => {
  const frame = { now: 0, endsAt: 60_000, timeLimitSec: 60, marginSec: 3 };
  assert.deepEqual(fitInTime(30, frame), { kind: 'fits' });
  assert.deepEqual(fitInTime(57, frame), { kind: 'fits' });
  assert.equal(fitInTime(58, frame).kind, 'elsewhere');
  assert.match((fitInTime(30, { ...frame, now: 30_000 }) as { reason: string }).reason, /^30 s left in the allocation, less than its expected 30 s and the margin \(33 s\)$/);
  assert.equal(fitInTime(undefined, { ...frame, now: 50_000 }).kind, 'fits', 'unknown run time: starts while more than the margin is left');
  assert.equal(fitInTime(undefined, { ...frame, now: 58_000 }).kind, 'elsewhere');
  assert.match((fitInTime(90, frame) as { reason: string }).reason, /longer than a whole allocation of this site \(60 s\)/);
  assert.equal(fitInTime(90, frame).kind, 'never');
  assert.deepEqual(fitInTime(1e9, { ...frame, endsAt: Number.POSITIVE_INFINITY, timeLimitSec: Number.POSITIVE_INFINITY }), { kind: 'fits' });
});

test('the default margin is 5% of the allocation, at most a minute', () => {
  assert.equal(defaultMargin(60), 3);
  assert.equal(defaultMargin(36_000), 60);
  assert.equal(defaultMargin(undefined), 60);
  assert.equal(defaultMargin(Number.POSITIVE_INFINITY), 60);
});
