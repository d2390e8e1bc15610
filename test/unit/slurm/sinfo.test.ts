import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { constraintFeatures, parseSinfoPartitions } from '../../../src/slurm/sinfo.js';

// What a Perlmutter-like cluster prints: one line per node group, the default partition starred.
const PERLMUTTER = ['regular*|cpu,milan|up', 'regular*|gpu,a100|up', 'debug|cpu|up', 'shared|cpu|drain', 'old|(null)|down', ''].join('\n');

describe('parseSinfoPartitions', () => {
  it('merges node groups of one partition, keeps the default mark and the availability', () => {
    const parts = parseSinfoPartitions(PERLMUTTER);
    assert.deepEqual(parts.map((p) => p.name), ['regular', 'debug', 'shared', 'old']);
    const regular = parts[0];
    assert.equal(regular?.isDefault, true);
    assert.deepEqual([...(regular?.features ?? [])].sort(), ['a100', 'cpu', 'gpu', 'milan']);
    assert.deepEqual(parts[3]?.features.size, 0, '(null) means no feature');
    assert.deepEqual(parts[2]?.availability, ['drain']);
  });
});

describe('constraintFeatures', () => {
  const cases: Array<[string, string[], boolean]> = [
    ['cpu', ['cpu'], false],
    ['haswell&quad', ['haswell', 'quad'], false],
    ['knl|haswell', ['knl', 'haswell'], true],
    ['[rack1*2&rack2*4]', ['rack1', 'rack2'], false],
    ['(a|b)&c', ['a', 'b', 'c'], true],
  ];
  for (const [expression, names, any] of cases) {
    it(expression, () => assert.deepEqual(constraintFeatures(expression), { names, any }));
  }
});
