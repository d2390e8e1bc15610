import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/errors.js';
import { formatWithSpec } from '../../../src/config/format-spec.js';

// [value, spec, Python's format(value, spec)]
const CASES: ReadonlyArray<readonly [unknown, string, string]> = [
  [42, '06', '000042'],
  [7, '03d', '007'],
  [7, '3', '  7'],
  [-5, '04', '-005'],
  [5, '+d', '+5'],
  [5, ' d', ' 5'],
  [5, '+04', '+005'],
  ['ab', '>5', '   ab'],
  ['ab', '5', 'ab   '],
  ['ab', '^6', '  ab  '],
  ['x', '*^5', '**x**'],
  [42, '*<5', '42***'],
  [42, '=+5', '+  42'],
  [3.14159, '.2f', '3.14'],
  [2, '.3f', '2.000'],
  [2.5, 'f', '2.500000'],
  [-1.5, '08.2f', '-0001.50'],
  [1234567, ',', '1,234,567'],
  [1234567.891, '_.2f', '1_234_567.89'],
  [255, 'x', 'ff'],
  [255, '04x', '00ff'],
  ['abcdef', '.3', 'abc'],
  ['abcdef', '.3s', 'abc'],
  [42, 's', '42'], // Python refuses 's' for numbers; bps-ts prints the number
  [3.14159, '.3', '3.14'],
  ['0042', '06', '000042'], // data-ID values may arrive as text: numeric text is a number
  ['903342', '08d', '00903342'],
  [42, '', '42'],
];

test('format specs: fill, align, sign, zero, width, grouping, precision and types d/f/s/x (table)', async (t) => {
  for (const [value, spec, expected] of CASES) {
    await t.test(`format(${JSON.stringify(value)}, '${spec}') = '${expected}'`, () => {
      assert.equal(formatWithSpec(value, spec), expected);
    });
  }
});

test('format specs that do not fit the value, or that bps-ts does not support, are ConfigErrors', () => {
  for (const [value, spec] of [['ab', 'd'], [1.5, 'd'], ['ab', '.2f'], [1, 'e'], [1, '#x'], [1, '{w}']] as const) {
    assert.throws(() => formatWithSpec(value, spec, 'v'), ConfigError, `${String(value)}:${spec}`);
  }
});
