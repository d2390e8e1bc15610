import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { execa } from 'execa';
import { BPS, bps, DEMO_CONFIG, useDemoWorkspace } from '../support/bps-cli.js';
import { readDot, readExecutions } from '../support/standin.js';

/**
 * The crash suite: a seeded loop that drives the demo with injected failures and slow jobs, SIGKILLs the
 * driver at random moments (graph building and the first database write included), and restarts it until
 * the run ends; then holds the run to the stand-in's executions log. BPS_CRASH_KILLS sets the number of
 * kills (20 in CI; a soak run uses more), BPS_CRASH_SEED the seed.
 */
const KILLS = Number(process.env['BPS_CRASH_KILLS'] ?? 20);
const SEED = Number(process.env['BPS_CRASH_SEED'] ?? 20261125);
const workspace = useDemoWorkspace();

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test(`crash loop: ${KILLS} SIGKILLs of the driver, then the run is exactly right (seed ${SEED})`, { timeout: 600_000 }, async () => {
  const random = prng(SEED);
  const { dir, env: baseEnv } = workspace.work;
  const faults = join(dir, 'crash-faults.yaml');
  writeFileSync(faults, ['- {label: calibrate, dataId: {detector: 95}, exitCode: 1}', '- {label: isr, dataId: {detector: 93}, failFirst: 1, exitCode: 3}', '- {label: skyCorrectionTask, sleep: 0.5}', ''].join('\n'));
  const env = { ...baseEnv, STANDIN_FAULTS: faults, STANDIN_TIME_SCALE: process.env['BPS_CRASH_TIME_SCALE'] ?? '20' };
  const run = 'u/test/crash-loop';
  const submitDir = join(dir, 'submit', run);
  let kills = 0;
  let finished = false;
  while (!finished) {
    const started = existsSync(join(submitDir, 'bps.sqlite'));
    if (!started && existsSync(submitDir)) rmSync(submitDir, { recursive: true }); // killed before any state: nothing to resume
    const args = started ? ['restart', run] : ['submit', DEMO_CONFIG, '-b', workspace.repo, '--output-run', run];
    const child = execa(BPS, args, { cwd: dir, env, extendEnv: false, reject: false });
    if (kills < KILLS) {
      await sleep(50 + random() * 800);
      if (child.exitCode === null) {
        child.kill('SIGKILL');
        kills += 1;
      }
    }
    const result = await child;
    finished = result.exitCode === 0 || result.exitCode === 1;
    if (!finished) assert.ok(result.signal === 'SIGKILL', `unexpected end: ${result.exitCode} ${result.stderr}`);
  }
  assert.equal(kills, KILLS);

  const executions = readExecutions(workspace.repo).filter((e) => e.run === run && e.quantumId !== null);
  const succeeded = executions.filter((e) => e.status === 'succeeded');
  assert.equal(succeeded.length, new Set(succeeded.map((e) => e.quantumId)).size, 'no quantum succeeded twice');
  const { quanta, edges } = readDot(join(submitDir, `${run.replaceAll('/', '_')}.dot`));
  const done = new Set(executions.filter((e) => e.status === 'succeeded' || e.status === 'skipped').map((e) => e.quantumId));
  const failed = new Set(executions.filter((e) => e.status === 'failed').map((e) => e.quantumId));
  const parents = new Map<string, string[]>();
  for (const [p, c] of edges) parents.set(c, [...(parents.get(c) ?? []), p]);
  const firstStart = new Map<string, number>();
  for (const e of executions) if (!firstStart.has(e.quantumId as string)) firstStart.set(e.quantumId as string, Date.parse(e.start));
  const doneAt = new Map(executions.filter((e) => e.status === 'succeeded' || e.status === 'skipped').map((e) => [e.quantumId as string, Date.parse(e.end)]));
  for (const q of quanta) {
    const ps = parents.get(q.id) ?? [];
    if (ps.every((p) => done.has(p)) && !failed.has(q.id)) assert.ok(done.has(q.id), `${q.label} ${q.id} should have completed`);
    if (!ps.every((p) => done.has(p))) assert.ok(!firstStart.has(q.id), `${q.label} ran although a parent never completed`);
    for (const p of ps) if (firstStart.has(q.id)) assert.ok((doneAt.get(p) ?? Infinity) <= (firstStart.get(q.id) as number), `${q.label} started before its parent ended`);
  }
  const status = JSON.parse((await bps(['status', run, '--json'], { cwd: dir, env })).stdout) as { totals: Record<string, number>; labels: Array<{ label: string; failed: number; pruned: number }> };
  assert.equal(status.totals.failed, 1, 'calibrate 95 failed for good');
  assert.equal(status.labels.find((l) => l.label === 'calibrate')?.failed, 1);
  assert.equal(status.totals.succeeded + status.totals.failed + status.totals.pruned, status.totals.total);
  assert.equal(status.totals.succeeded - 2, done.size, 'status agrees with the executions log (init and final aside)');
  const db = new Database(join(submitDir, 'bps.sqlite'), { readonly: true });
  try {
    assert.equal((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check, 'ok');
    const exitCodes = db.prepare(`SELECT exit_code FROM jobs WHERE state = 19`).all();
    assert.deepEqual(exitCodes, [{ exit_code: 1 }]);
  } finally {
    db.close();
  }
});
