import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelResources, spread } from '../../../src/report/resource-usage.js';
import { renderResources } from '../../../src/report/render/resources-table.js';

test('spread: median (middle pair averaged) and max, rounded; null for nothing', () => {
  assert.equal(spread([]), null);
  assert.deepEqual(spread([3, 1, 2]), { median: 2, max: 3 });
  assert.deepEqual(spread([10, 1, 4, 2]), { median: 3, max: 10 });
  assert.deepEqual(spread([0.123456, 1.98765], 2), { median: 1.06, max: 1.99 });
});

test('labelResources flags a label asking 4x its largest peak, counts memory kills, and the table says both', () => {
  const sample = (label: string, requested: number[], rss: number[], outOfMemory = 0) => ({ label, requestedMiB: requested, maxRssMiB: rss, cpuSec: [0.5], runSec: [2, 4], outOfMemory });
  const wasteful = labelResources(sample('isr', [2048, 2048], [300, 500]), undefined);
  assert.deepEqual([wasteful.requestOverUse, wasteful.overRequested, wasteful.succeeded, wasteful.requestWalltimeSec], [4.1, true, 2, null]);
  const fitted = labelResources(sample('calibrate', [600, 600, 600], [500, 520, 510], 1), 3600);
  assert.deepEqual([fitted.requestOverUse, fitted.overRequested, fitted.killedForMemory, fitted.runSec], [1.2, false, 1, { median: 3, max: 4 }]);
  const unmeasured = labelResources(sample('finalJob', [2048], []), undefined);
  assert.deepEqual([unmeasured.maxRssMiB, unmeasured.requestOverUse, unmeasured.overRequested], [null, null, false]);
  const text = renderResources([wasteful, fitted, unmeasured]);
  assert.match(text, /^isr +2 2048\/2048 +400\/500 +3\.0\/4\.0 +- 0\.5\/0\.5 +0 asks 4\.1x the most it used/m);
  assert.match(text, /^calibrate +3 +600\/600 +510\/520 +3\.0\/4\.0 +3600 0\.5\/0\.5 +1 killed for memory 1x$/m);
  assert.match(text, /^finalJob +1 2048\/2048 +- /m);
});
