import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCommandLine, splitCommandLine } from '../../../src/process/argv.js';

test('splits like a POSIX shell', () => {
  const cases: Array<[string, string[]]> = [
    ['pipetask  --long-log run-qbb repo g.qg', ['pipetask', '--long-log', 'run-qbb', 'repo', 'g.qg']],
    [`-d "tract=3828 AND skymap='DC2'"`, ['-d', "tract=3828 AND skymap='DC2'"]],
    [`a 'b c' "d \\"e\\" \\$f" g\\ h`, ['a', 'b c', 'd "e" $f', 'g h']],
    [`x'y'"z"`, ['xyz']],
    [`'' ""`, ['', '']],
    ['  ', []],
  ];
  for (const [line, words] of cases) assert.deepEqual(splitCommandLine(line), words, line);
});

test('shell metacharacters stay literal words: nothing is ever executed', () => {
  assert.deepEqual(splitCommandLine(`echo "a; touch /tmp/x" '$(rm -rf ~)' \`id\``), ['echo', 'a; touch /tmp/x', '$(rm -rf ~)', '`id`']);
  assert.deepEqual(splitCommandLine('run ;touch /tmp/x'), ['run', ';touch', '/tmp/x']);
});

test('unterminated quotes are a clear error', () => {
  assert.throws(() => splitCommandLine(`a "b`), /Unterminated " quote/);
  assert.throws(() => splitCommandLine(`a 'b`), /Unterminated ' quote/);
});

test('formatCommandLine round-trips through splitCommandLine', () => {
  const argv = ['pipetask', '-d', "tract=3828 AND skymap='DC2'", 'a;b', '$(x)', ''];
  assert.deepEqual(splitCommandLine(formatCommandLine(argv)), argv);
});
