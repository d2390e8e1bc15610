import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDataIdQuery } from '../../../src/app/data-id-query.js';
import { statesOf } from '../../../src/app/job-selection.js';
import { UsageError } from '../../../src/errors.js';

const dataIds = [
  { instrument: 'LSSTCam-imSim', visit: 192355, detector: 1, band: 'i' },
  { instrument: 'LSSTCam-imSim', visit: 192355, detector: 2, band: 'i' },
  { instrument: 'LSSTCam-imSim', visit: 192355, detector: 3, band: 'i' },
  { instrument: 'LSSTCam-imSim', visit: 200000, detector: 1, band: 'r' },
];

const matching: Array<[string, number[]]> = [
  ['visit == 192355', [0, 1, 2]],
  ['visit = 192355', [0, 1, 2]],
  ['visit != 192355', [3]],
  ['detector in (1, 3)', [0, 2, 3]],
  ['detector IN (2)', [1]],
  ['visit == 192355 and detector in (1, 2)', [0, 1]],
  ['visit==192355 AND detector!=1', [1, 2]],
  ["band == 'r'", [3]],
  ['band == "i" and visit in (192355, 200000)', [0, 1, 2]],
  ["visit == '192355'", [0, 1, 2]],
  ['tract == 3828', []],
  ['  visit == 200000  ', [3]],
];

for (const [query, expected] of matching) {
  test(`query ${JSON.stringify(query)} selects ${JSON.stringify(expected)}`, () => {
    const parsed = parseDataIdQuery(query);
    assert.deepEqual(dataIds.flatMap((d, i) => (parsed.matches(d) ? [i] : [])), expected);
  });
}

test('a query names the dimensions it uses, once each', () => {
  assert.deepEqual(parseDataIdQuery('visit == 1 and detector in (1, 2) and visit != 3').dimensions, ['visit', 'detector']);
});

const malformed: Array<[string, RegExp]> = [
  ['', /The query is empty/],
  ['visit', /expected '==', '!=' or 'in' at character 6/],
  ['visit ==', /expected a number or a quoted text at character 9/],
  ['visit == i', /expected a number or a quoted text at character 10/],
  ['visit == 1 or detector == 2', /expected 'and' or the end of the query at character 12/],
  ['visit == 1 and', /expected a dimension name at character 15/],
  ['detector in 1, 2', /expected '\(' after 'in'/],
  ['detector in (1, 2', /expected ',' or '\)'/],
  ['visit > 1', /unexpected '>' at character 7/],
  ["band == 'i", /unexpected ''' at character 9/],
  ['process.exit(1)', /unexpected '\.' at character 8/],
  ['and == 1', /expected a dimension name, not 'and'/],
];

for (const [query, message] of malformed) {
  test(`query ${JSON.stringify(query)} is refused with one clear line`, () => {
    assert.throws(() => parseDataIdQuery(query), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, message);
      assert.match(error.hint ?? '', /visit == 192355 and detector in \(1, 2\)/);
      return true;
    });
  });
}

test('status filters: a state name is that state, a table column folds states as status() does', () => {
  assert.deepEqual(statesOf('FAILED'), ['FAILED']);
  assert.deepEqual(statesOf('failed'), ['FAILED', 'DELETED']);
  assert.deepEqual(statesOf(['succeeded', 'SUCCEEDED', 'pruned']), ['SUCCEEDED', 'PRUNED']);
  assert.deepEqual(statesOf('pending'), ['UNREADY', 'READY', 'PENDING', 'HELD', 'UNKNOWN', 'MISFIT']);
  assert.throws(() => statesOf('done' as never), /Unknown job status 'done'.*/);
});
