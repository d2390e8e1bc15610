import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BPS, bps, DEMO_CONFIG, useDemoWorkspace } from '../support/bps-cli.js';
import { cursorUps, ESC, runInPty } from '../support/pty.js';

const workspace = useDemoWorkspace();
// Slow enough for several redraws (a live frame at most every 250 ms), fast enough for CI: a few seconds.
const SLOW = { STANDIN_TIME_SCALE: '0.3' };
const FINAL_TOTAL = /^total\s+0\s+0\s+31\s+0\s+31$/m;

/** The text a terminal would keep of each frame: escape sequences removed, `\r\n` as `\n`. */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replaceAll('\r\n', '\n').replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
}

test('on a terminal, bps submit redraws the live table in place and ends with the final counts (29 quanta + init + final)', async () => {
  const env = { ...workspace.work.env, ...SLOW };
  const { exitCode, output } = await runInPty([BPS, 'submit', DEMO_CONFIG, '-b', workspace.repo, '--output-run', 'u/test/tty'], { cwd: workspace.work.dir, env });
  assert.equal(exitCode, 0, output);
  const ups = cursorUps(output);
  assert.ok(ups.length >= 2, `the table is redrawn in place (${ups.length} cursor-up moves)`);
  assert.ok(output.includes(`${ESC}[J`), 'each redraw clears what the previous frame left');
  const totals = plain(output).split('\n').filter((line) => /^total\s/.test(line));
  assert.ok(new Set(totals).size >= 2, `the counts change between frames: ${JSON.stringify(totals)}`);
  // The live table is wiped before the final table is printed: what follows the last clear is that table.
  const afterLastClear = plain(output.slice(output.lastIndexOf(`${ESC}[J`)));
  assert.match(afterLastClear, FINAL_TOTAL);
  assert.match(afterLastClear, /^isr\s+0\s+0\s+5\s+0\s+5$/m);
  assert.match(afterLastClear, /^forcedPhotCoadd\s+0\s+0\s+1\s+0\s+1$/m);
  assert.equal(plain(output).trimEnd().split('\n').pop()?.trim().replace(/\s+/g, ' '), 'total 0 0 31 0 31');
});

test('off a terminal (pipes), bps submit writes no escape code at all', async () => {
  // Time scale 0: the first progress line is written at once, which is all this needs.
  const env = workspace.work.env;
  const result = await bps(['submit', DEMO_CONFIG, '-b', workspace.repo, '--output-run', 'u/test/pipe'], { cwd: workspace.work.dir, env });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.ok(!result.stdout.includes(ESC), 'stdout has no escape code');
  assert.ok(!result.stderr.includes(ESC), 'stderr has no escape code');
  assert.match(result.stdout, FINAL_TOTAL);
});
