import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closeMatches, editDistance, orList } from '../../../src/model/close-match.js';

test('editDistance counts insertions, deletions, substitutions and swapped neighbours', () => {
  assert.equal(editDistance('calibrate', 'calibrate'), 0);
  assert.equal(editDistance('calibrat', 'calibrate'), 1);
  assert.equal(editDistance('clibrate', 'calibrate'), 1);
  assert.equal(editDistance('isr_99', 'isr_94'), 1);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('calibarte', 'calibrate'), 1, 'a swap is one typo');
  assert.equal(editDistance('abc', 'ca'), 3, 'no edit of a swapped pair');
});

test('closeMatches: a case-insensitive equal alone, else the nearest within two edits, at most three', () => {
  const labels = ['isr', 'characterizeImage', 'calibrate', 'skyCorrectionTask'];
  assert.deepEqual(closeMatches('calibrat', labels), ['calibrate']);
  assert.deepEqual(closeMatches('CALIBRATE', labels), ['calibrate']);
  assert.deepEqual(closeMatches('deblend', labels), []);
  assert.deepEqual(closeMatches('isr_99', ['isr_91', 'isr_93', 'isr_94', 'isr_95', 'isr_9']), ['isr_91', 'isr_93', 'isr_94']);
  assert.deepEqual(closeMatches('isr_99', ['isr_91', 'isr_9'], { max: 1 }), ['isr_91'], 'ties keep the candidates order');
  assert.deepEqual(closeMatches('ab', ['xyzab'], { distance: (a, b) => editDistance(a, b.slice(-a.length)) }), ['xyzab'], 'a distance of its own');
});

test('orList quotes and joins names for a sentence', () => {
  assert.equal(orList([]), '');
  assert.equal(orList(['a']), "'a'");
  assert.equal(orList(['a', 'b']), "'a' or 'b'");
  assert.equal(orList(['a', 'b', 'c']), "'a', 'b' or 'c'");
});
