/** Shared helpers of the state tests: temp dirs with a handle-leak check, a small run, a seeded random. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { JobInit, RunStateInit } from '../../../src/state/types.js';
import { makeLabelSpec } from '../../support/workflows.js';

/** Files under `dir` this process still holds open (a SQLite handle left unclosed shows up here). */
export function openFilesUnder(dir: string): string[] {
  const open: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(`${dir}/`)) open.push(target);
    } catch {
      // the fd closed while we looked
    }
  }
  return open;
}

const closers = new WeakMap<TestContext, Array<() => void>>();

/** Runs `close` when the test ends, before its temp dirs are checked for open files (last registered first). */
export function closeAfter(t: TestContext, close: () => void): void {
  let list = closers.get(t);
  if (!list) {
    list = [];
    closers.set(t, list);
  }
  list.push(close);
}

/** A fresh temp dir, removed after the test, which fails if a file in it is still open then. */
export function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'bps-state-'));
  t.after(() => {
    for (const close of (closers.get(t) ?? []).reverse()) close();
    closers.delete(t);
    const leaked = openFilesUnder(dir);
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(leaked, [], 'every database handle is closed');
  });
  return dir;
}

/** Labels of {@link smallRun}, in topological order. */
export const SMALL_LABELS = ['pipetaskInit', 'isr', 'calibrate', 'finalJob'] as const;

/**
 * A run of 2n + 2 jobs: pipetaskInit (index 0) → isr i (1..n) → calibrate i (n+1..2n), and a finalJob
 * (index 2n+1) with no edges (whenRun ALWAYS).
 */
export function smallRun(submitDir: string, n = 3, overrides: Partial<RunStateInit> = {}): RunStateInit {
  const uuid = (i: number) => `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;
  const jobs: JobInit[] = [{ name: 'pipetaskInit', label: 'pipetaskInit', quanta: '', dataId: null, memoryMiB: 2048 }];
  for (let d = 0; d < n; d += 1) jobs.push({ name: `${uuid(d)}_isr_${d}`, label: 'isr', quanta: uuid(d), dataId: { detector: d, exposure: 100 }, memoryMiB: 2048 });
  for (let d = 0; d < n; d += 1) jobs.push({ name: `${uuid(n + d)}_calibrate_${d}`, label: 'calibrate', quanta: uuid(n + d), dataId: { detector: d, visit: 100 }, memoryMiB: 4096 });
  jobs.push({ name: 'finalJob', label: 'finalJob', quanta: '', dataId: null, memoryMiB: 32768 });
  const from: number[] = [];
  const to: number[] = [];
  for (let d = 0; d < n; d += 1) from.push(0, 1 + d), to.push(1 + d, 1 + n + d);
  return {
    run: {
      runId: 'run-1', name: 'u/me/run', uniqProcName: 'u_me_run_20260101T000000Z', submitDir, operator: 'me', project: 'proj', campaign: 'camp',
      payloadName: 'payload', configPath: join(submitDir, 'u_me_run_config.yaml'), site: { name: 'local', executor: 'local', settings: { maxJobs: 2 } },
      createdAt: new Date('2026-01-01T00:00:00Z'),
    },
    labels: [
      { label: 'pipetaskInit', kind: 'init', spec: makeLabelSpec('pipetaskInit', { kind: 'init' }) },
      { label: 'isr', kind: 'payload', spec: makeLabelSpec('isr') },
      { label: 'calibrate', kind: 'payload', spec: makeLabelSpec('calibrate') },
      { label: 'finalJob', kind: 'final' },
    ],
    jobs,
    edges: { from: Uint32Array.from(from), to: Uint32Array.from(to) },
    ...overrides,
  };
}

/** A deterministic random number generator in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
