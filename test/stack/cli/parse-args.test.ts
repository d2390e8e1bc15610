import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs, type CommandSpec } from '../../../stack/src/cli/parse-args.js';
import { UsageError } from '../../../stack/src/errors.js';

const SPEC: CommandSpec = {
  name: 'demo',
  summary: 'A demo command.',
  options: [
    { names: ['-b', '--butler-config'], key: 'butler', kind: 'value', help: '' },
    { names: ['-i', '--input'], key: 'input', kind: 'csv', help: '' },
    { names: ['-j', '--processes'], key: 'processes', kind: 'value', integer: true, help: '' },
    { names: ['--long-log'], key: 'longLog', kind: 'flag', help: '' },
    { names: ['--log-tty'], negations: ['--no-log-tty'], key: 'tty', kind: 'flag', help: '' },
    { names: ['--log-level'], key: 'level', kind: 'multiple', help: '' },
  ],
  arguments: [{ name: 'REPO' }, { name: 'QGRAPH' }],
};

describe('parseArgs (click-like)', () => {
  const ok: Array<[string, string[], Record<string, unknown>, string[]]> = [
    ['options and arguments interleave', ['R', '-b', 'x', 'G'], { butler: 'x' }, ['R', 'G']],
    ['--opt=value', ['--butler-config=y', 'R', 'G'], { butler: 'y' }, ['R', 'G']],
    ['short option with attached value', ['-j4', 'R', 'G'], { processes: 4 }, ['R', 'G']],
    ['comma lists, repeatable', ['-i', 'a,b', '--input', 'c', 'R', 'G'], { input: ['a', 'b', 'c'] }, ['R', 'G']],
    ['flag and negation', ['--long-log', '--no-log-tty', 'R', 'G'], { longLog: true, tty: false }, ['R', 'G']],
    ['multiple keeps order', ['--log-level', 'DEBUG', '--log-level=lsst.x=INFO', 'R', 'G'], { level: ['DEBUG', 'lsst.x=INFO'] }, ['R', 'G']],
    ['-- ends options', ['R', '--', '-G'], {}, ['R', '-G']],
  ];
  for (const [name, argv, options, args] of ok) {
    it(name, () => {
      const parsed = parseArgs(SPEC, argv);
      assert.deepEqual({ ...parsed.options }, options);
      assert.deepEqual([...parsed.args], args);
    });
  }

  const bad: Array<[string, string[], string]> = [
    ['unknown long option', ['--frobnicate', 'R', 'G'], 'No such option: --frobnicate'],
    ['unknown short option', ['-x', 'R', 'G'], 'No such option: -x'],
    ['missing value', ['R', 'G', '-b'], "Option '-b' requires an argument."],
    ['flag given a value', ['--long-log=yes', 'R', 'G'], "Option '--long-log' does not take a value."],
    ['integer check', ['-j', 'many', 'R', 'G'], "Invalid value for '-j' / '--processes': 'many' is not a valid integer."],
    ['missing argument', ['R'], "Missing argument 'QGRAPH'."],
    ['extra argument', ['R', 'G', 'X'], 'Got unexpected extra argument (X)'],
  ];
  for (const [name, argv, message] of bad) {
    it(`usage error: ${name}`, () => {
      assert.throws(() => parseArgs(SPEC, argv), (error: unknown) => error instanceof UsageError && error.message === message);
    });
  }

  it('stops at the first positional for a group', () => {
    const parsed = parseArgs(SPEC, ['--long-log', 'qgraph', '--other', 'x'], { stopAtPositional: true });
    assert.deepEqual([...parsed.rest], ['qgraph', '--other', 'x']);
    assert.equal(parsed.options['longLog'], true);
  });
});
