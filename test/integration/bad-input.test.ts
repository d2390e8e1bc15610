import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bps, useDemoWorkspace } from '../support/bps-cli.js';
import { REPO_ROOT } from '../support/standin.js';

const CORPUS = join(REPO_ROOT, 'test', 'bad-input');
const workspace = useDemoWorkspace();

/**
 * bps's own verdict is the last line of stderr, one line starting with `Error: ` (what came before is
 * pipetask's echoed output, when it ran), and there is no stack trace anywhere.
 */
function assertOneClearLine(stderr: string, pattern: RegExp): void {
  const last = stderr.trimEnd().split('\n').at(-1) ?? '';
  assert.ok(last.startsWith('Error: '), `the last stderr line is bps's error:\n${stderr}`);
  assert.match(last, pattern);
  assert.doesNotMatch(stderr, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
  // Sentences, not run-ons: no doubled full stop, and the line ends as a sentence does.
  assert.doesNotMatch(last, /[^.]\.\.(\s|$)/, `no '..' in: ${last}`);
  assert.match(last, /[.?!]$/, `ends as a sentence: ${last}`);
}

const cases = readdirSync(CORPUS).filter((f) => f.endsWith('.yaml') && !f.startsWith('_')).map((f) => f.slice(0, -5)).sort();

test('the corpus is large enough', () => assert.ok(cases.length >= 40, `${cases.length} cases`));

for (const name of cases) {
  test(`bad input: ${name}`, async () => {
    const [code, pattern] = readFileSync(join(CORPUS, `${name}.expected`), 'utf8').split('\n');
    const file = join(CORPUS, `${name}.yaml`);
    // A run name per case (default ones only differ by the second); cases about outputRun keep their own.
    const runName = readFileSync(file, 'utf8').includes('outputRun') ? [] : ['--output-run', `u/bad/${name}`];
    const result = await bps(['transform', file, ...runName], { cwd: workspace.work.dir, env: workspace.work.env });
    assert.equal(result.exitCode, Number(code), result.stderr);
    assertOneClearLine(result.stderr, new RegExp(pattern as string));
  });
}

test('bad command lines and runs: usage errors exit 2, unknown or broken runs exit 1 with one line', async () => {
  const { dir, env } = workspace.work;
  const run = (args: string[]) => bps(args, { cwd: dir, env });
  const usage = await run(['submit', '--bogus', 'x.yaml']);
  assert.equal(usage.exitCode, 2);
  assertOneClearLine(usage.stderr, /unknown option '--bogus'/);
  const missing = await run(['submit']);
  assert.equal(missing.exitCode, 2);
  assertOneClearLine(missing.stderr, /missing required argument 'config'/);
  const unknown = await run(['status', 'u/nobody/nothing']);
  assert.equal(unknown.exitCode, 1);
  assertOneClearLine(unknown.stderr, /No run matches 'u\/nobody\/nothing'/);
  const noArg = await run(['restart']);
  assert.equal(noArg.exitCode, 2);
  assertOneClearLine(noArg.stderr, /Missing the run/);
  mkdirSync(join(dir, 'broken'), { recursive: true });
  writeFileSync(join(dir, 'broken', 'bps.sqlite'), 'not a database, just text that is long enough to be read');
  const corrupt = await run(['status', join(dir, 'broken')]);
  assert.equal(corrupt.exitCode, 1);
  assertOneClearLine(corrupt.stderr, /Cannot read the run state .*bps\.sqlite.*PRAGMA integrity_check/);
  const typo = await run(['sumbit', 'x.yaml']);
  assert.equal(typo.exitCode, 2);
  assertOneClearLine(typo.stderr, /^Error: unknown command 'sumbit'\. Did you mean submit\?$/);
  const optionTypo = await run(['submit', '--detatch', 'x.yaml']);
  assert.equal(optionTypo.exitCode, 2);
  assertOneClearLine(optionTypo.stderr, /^Error: unknown option '--detatch'\. Did you mean --detach\?$/);
  const folder = await run(['transform', dir]);
  assert.equal(folder.exitCode, 1);
  assertOneClearLine(folder.stderr, /^Error: Config file '.*' is a folder, not a YAML file\. Give the bps YAML config to run\.$/);
  const noState = await run(['restart', dir]);
  assert.equal(noState.exitCode, 1);
  assertOneClearLine(noState.stderr, /No run matches/);
});
