import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileQuery, type ResolvedIdentifier } from '../../../stack/src/query/evaluate.js';
import { parseQuery } from '../../../stack/src/query/parser.js';
import { QueryError } from '../../../stack/src/query/query-error.js';

const TYPES: Record<string, 'int' | 'string'> = { visit: 'int', detector: 'int', tract: 'int', patch: 'int', band: 'string', skymap: 'string' };

function matches(expression: string, row: Record<string, unknown>): boolean {
  const predicate = compileQuery(expression, parseQuery(expression), (ident): ResolvedIdentifier => {
    const type = TYPES[ident.dimension];
    if (type === undefined) throw new QueryError(`Unknown dimension '${ident.dimension}'`);
    return { get: (r) => (ident.field === undefined ? r[ident.dimension] : r[ident.text]) as string | number, type };
  });
  return predicate(row);
}

const ROW = { visit: 159471, detector: 94, tract: 3828, patch: 24, band: 'i', skymap: 'DC2', 'visit.day_obs': 20221102 };

describe('data query language', () => {
  const cases: Array<[string, boolean]> = [
    ["tract=3828 AND patch=24 AND skymap='DC2'", true],
    ['tract = 3828 and patch = 25', false],
    ['patch != 24 OR detector = 94', true],
    ['detector IN (90, 94, 98)', true],
    ['detector NOT IN (90, 94, 98)', false],
    ['visit IN (159000..160000)', true],
    ['detector IN (90..98:2)', true],
    ['detector IN (91..98:2)', false],
    ["NOT band = 'r'", true],
    ['not (tract = 3828 or patch = 1)', false],
    ['(patch < 25 AND patch > 23) AND detector >= 94 AND detector <= 94', true],
    ['band = "i"', true],
    ['visit.day_obs > 20221101', true],
    ['tract <> 3828', false],
    ['patch IN (-1, 24)', true],
    ['tract = 3828 oR patch = 1 AnD NoT detector In (1)', true],
  ];
  for (const [expression, expected] of cases) {
    it(`${expression} → ${expected}`, () => assert.equal(matches(expression, ROW), expected));
  }

  it('AND binds tighter than OR', () => {
    assert.equal(matches('patch = 1 AND tract = 1 OR detector = 94', ROW), true);
    assert.equal(matches('patch = 1 AND (tract = 1 OR detector = 94)', ROW), false);
  });

  const malformed = ['tract=3828 AND', 'tract == 3828', '(tract = 3828', "band = 'i", 'patch IN ()', 'patch IN (1..)', 'tract 3828', 'tract = 3828)', '3828'];
  for (const expression of malformed) {
    it(`syntax error, one line: ${expression}`, () => {
      assert.throws(() => parseQuery(expression), (error: unknown) => {
        assert.ok(error instanceof QueryError);
        assert.match(error.message, /^Failed to parse user expression ".*": syntax error at or near .* \(line: 1, pos: \d+\)\.$/);
        assert.ok(!error.message.includes('\n'));
        return true;
      });
    });
  }

  it('rejects a non-numeric string for an integer dimension', () => {
    assert.throws(() => matches("tract = 'abc'", ROW), QueryError);
  });
});
