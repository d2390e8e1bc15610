/**
 * The real Slurm on localhost (nodes n1..n4 of 4 CPUs) for integration tests (scripts/slurm-local.sh, SLURM.md).
 * Test files call {@link ensureLocalSlurm} and `t.skip(reason)` when it is unavailable; under CI a missing
 * cluster is an error instead, so Slurm tests can never pass by being skipped.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from './standin.js';

export type SlurmAvailability = { available: true } | { available: false; reason: string };

interface CommandResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
  /** Why it failed (spawn error, exit code or signal), '' when ok. */
  readonly failure: string;
}

function run(file: string, args: readonly string[], timeoutMs: number): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const failure = error === null ? '' : error.code === 'ENOENT' ? `${file} not found` : error.message.split('\n')[0]!;
      resolve({ ok: error === null, stdout: String(stdout), stderr: String(stderr), failure });
    });
  });
}

/**
 * Captured Slurm client output for the parser tests (see its capture.sh). BPS_SLURM_FIXTURES points the tests
 * at a fresh capture (plus copies of the `*-handwritten.txt` files) before it replaces the committed one.
 */
export const SLURM_FIXTURE_DIR = process.env.BPS_SLURM_FIXTURES ?? join(REPO_ROOT, 'test', 'fixtures', 'slurm');

/** Whether `sinfo` answers with a node that can take jobs; the reason when not. */
async function probe(): Promise<SlurmAvailability> {
  const result = await run('sinfo', ['-h', '-N', '-o', '%T'], 10_000);
  if (!result.ok) return { available: false, reason: `sinfo failed: ${result.stderr.trim() || result.failure}` };
  const states = result.stdout.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  // `idle*` (not responding), drained or down nodes answer sinfo but would leave every job pending.
  if (states.some((state) => /^(idle|mixed|allocated|completing)$/.test(state))) return { available: true };
  return { available: false, reason: `no usable Slurm node (sinfo node states: ${states.join(', ') || 'none'})` };
}

let starting: Promise<SlurmAvailability> | undefined;

/** Runs `scripts/slurm-local.sh up` (installing Slurm takes ~30 s on a fresh machine), then probes again. */
async function startCluster(): Promise<SlurmAvailability> {
  const script = join(REPO_ROOT, 'scripts', 'slurm-local.sh');
  const up = await run(script, ['up'], 5 * 60_000);
  const after = await probe();
  if (after.available || up.ok) return after;
  const tail = up.stderr.trim().split('\n').slice(-3).join(' | ');
  return { available: false, reason: `${after.reason}; scripts/slurm-local.sh up failed: ${tail || up.failure}` };
}

/**
 * Makes sure the local cluster answers: returns at once when `sinfo` does, otherwise runs
 * `scripts/slurm-local.sh up` once per process. Throws when it is still unavailable and `CI=true`.
 */
export async function ensureLocalSlurm(): Promise<SlurmAvailability> {
  const now = await probe();
  if (now.available) return now;
  starting ??= startCluster();
  const result = await starting;
  if (!result.available && process.env.CI === 'true') {
    throw new Error(`Slurm is required under CI but unavailable: ${result.reason}`);
  }
  return result;
}

/** Waits until `squeue -h` lists no jobs (finished jobs are not listed without `-t all`). */
export async function waitForSlurmIdle(timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const result = await run('squeue', ['-h', '-o', '%i %T'], 10_000);
    if (result.ok && result.stdout.trim() === '') return;
    last = result.ok ? result.stdout.trim().split('\n').join(', ') : `squeue failed: ${result.stderr.trim() || result.failure}`;
    if (Date.now() >= end) throw new Error(`Slurm not idle after ${timeoutMs} ms: ${last}`);
    await sleep(200);
  }
}
