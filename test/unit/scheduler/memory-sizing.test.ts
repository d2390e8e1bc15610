import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RetryPolicy } from '../../../src/model/job-spec.js';
import { firstRequest, LEARNED_MEMORY_MARGIN, nextRequest, retryRequest } from '../../../src/scheduler/memory-sizing.js';
import { decideRetry } from '../../../src/scheduler/retry-policy.js';

const policy = (extra: Partial<RetryPolicy> = {}): RetryPolicy => ({ numberOfRetries: 5, retryUnlessExit: [1, 2], memoryMultiplier: 2, memoryLimit: 10_000, learnResources: true, ...extra });

test('first requests: the label peak plus the margin once one is known, capped by memoryLimit; unchanged without learnResources', () => {
  assert.equal(LEARNED_MEMORY_MARGIN, 1.2);
  assert.equal(firstRequest(2048, undefined, policy()), 2048, 'nothing learnt yet');
  assert.equal(firstRequest(2048, 100, policy()), 120, 'smaller than configured');
  assert.equal(firstRequest(2048, 5000.5, policy()), 6001, 'larger than configured');
  assert.equal(firstRequest(2048, 9000, policy()), 10_000, 'never past memoryLimit (the smaller of it and requestMemoryMax)');
  assert.equal(firstRequest(2048, 100, policy({ learnResources: false })), 2048);
  assert.equal(firstRequest(2048, 100, policy({ learnResources: undefined })), 2048, 'a run made before learnResources');
});

test('nextRequest: only a first attempt is sized from the label; a retry keeps what its retry decided', () => {
  const run = { memoryMiB: Uint32Array.from([2048, 4096]), attempt: Uint16Array.from([0, 1]) };
  const catalog = { policy: () => policy(), peakMemory: () => 500 };
  assert.equal(nextRequest(0, run, catalog), 600);
  assert.equal(nextRequest(1, run, catalog), 4096);
  assert.equal(nextRequest(0, run, { ...catalog, peakMemory: () => undefined }), 2048);
});

test('retry after a memory kill: the need it showed when it got well past its request, else doubling; never below the request nor past the cap', () => {
  assert.equal(retryRequest(150, { ownMiB: 350 }, policy()), 420, 'its own peak + 20%, where doubling (300) would be killed again');
  assert.equal(retryRequest(150, { ownMiB: 160 }, policy()), 300, 'a kill at the limit says only "more": doubled');
  assert.equal(retryRequest(150, { labelMiB: 400 }, policy()), 480, 'no own peak: the label\'s');
  assert.equal(retryRequest(150, { ownMiB: 160, labelMiB: 400 }, policy()), 480, 'the larger of the two');
  assert.equal(retryRequest(150, {}, policy()), 300);
  assert.equal(retryRequest(6000, { ownMiB: 9000 }, policy()), 10_000, 'capped');
  assert.equal(retryRequest(150, { ownMiB: 350 }, policy({ learnResources: false })), 300, 'blind doubling without learnResources');
});

test('decideRetry hands what was seen to the memory rule for out-of-memory and signals only', () => {
  const state = { retriesUsed: 0, memoryMiB: 150, attempt: 1 };
  const oom = decideRetry({ kind: 'out-of-memory' }, state, policy(), { ownMiB: 350 });
  assert.deepEqual(oom.action === 'retry' && oom.memoryMiB, 420);
  const exit3 = decideRetry({ kind: 'exited', exitCode: 3 }, state, policy(), { ownMiB: 350 });
  assert.deepEqual(exit3.action === 'retry' && exit3.memoryMiB, 150, 'a plain failure keeps its request');
});
