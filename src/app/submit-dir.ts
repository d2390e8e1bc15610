/**
 * The run folder of a submission (`submitPath`): made new for every run, marked while a submission
 * builds it, so that two submissions in the same second never share one, and a submission that failed
 * before its run existed (no bps.sqlite) leaves nothing that blocks the next one.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { ConfigError } from '../errors.js';
import { isProcessAlive, processStartTicks } from '../process/proc-stat.js';
import { RUN_STATE_FILE } from '../state/index.js';

/** Present while a submission builds the folder: `<pid> <host> <start ticks>`. */
export const SUBMITTING_FILE = '.submitting';

export type ClaimResult =
  | { readonly kind: 'claimed'; readonly submitDir: string; readonly replaced: boolean }
  /** The folder belongs to a run or to a live submission: try another name (the next second's) or refuse. */
  | { readonly kind: 'taken'; readonly submitDir: string; readonly holder: 'run' | 'submission' };

/**
 * Makes `submitDir` and marks it as being submitted. An existing folder is taken when it holds a run
 * (bps.sqlite: `bps restart` is the way back into it) or a live submission; a folder some failed
 * submission left is emptied and reused (a user-given QuantumGraph inside it, `keep`, is kept).
 */
export function claimSubmitDir(submitDir: string, keep: readonly string[]): ClaimResult {
  if (!isAbsolute(submitDir)) throw new ConfigError(`submitPath '${submitDir}' is not an absolute path.`);
  try {
    mkdirSync(dirname(submitDir), { recursive: true, mode: 0o755 });
    mkdirSync(submitDir, { mode: 0o755 });
  } catch (error) {
    const { code } = error as { code?: string };
    if (code !== 'EEXIST') throw cannotCreate(submitDir, error);
    if (existsSync(join(submitDir, RUN_STATE_FILE))) return { kind: 'taken', submitDir, holder: 'run' };
    if (submissionAlive(submitDir)) return { kind: 'taken', submitDir, holder: 'submission' };
    clearLeftover(submitDir, keep);
    return finishClaim(submitDir, true);
  }
  return finishClaim(submitDir, false);
}

/** Ends the submission's mark (its run exists now, or it failed and the folder may be reused). */
export function releaseSubmitDir(submitDir: string): void {
  rmSync(join(submitDir, SUBMITTING_FILE), { force: true });
}

/** The error for a folder that stays taken (the run name has no {timestamp} to move on with). */
export function submitDirTaken(submitDir: string, holder: 'run' | 'submission'): ConfigError {
  if (holder === 'submission') {
    return new ConfigError(`Another bps submission is building '${submitDir}' right now.`, { hint: 'Wait for it, or give this one another --output-run.' });
  }
  return new ConfigError(`Submit directory '${submitDir}' already holds a run.`, {
    hint: `To resume that run use 'bps restart ${submitDir}'; for a new one give another --output-run, or keep {timestamp} in outputRun (its default, {output}/{timestamp}, is new every second).`,
  });
}

function finishClaim(submitDir: string, replaced: boolean): ClaimResult {
  try {
    for (const sub of ['logging', 'jobs']) mkdirSync(join(submitDir, sub), { recursive: true, mode: 0o755 });
    writeFileSync(join(submitDir, SUBMITTING_FILE), `${process.pid} ${hostname()} ${processStartTicks(process.pid) ?? ''}\n`);
  } catch (error) {
    throw cannotCreate(submitDir, error);
  }
  return { kind: 'claimed', submitDir, replaced };
}

function submissionAlive(submitDir: string): boolean {
  let text: string;
  try {
    text = readFileSync(join(submitDir, SUBMITTING_FILE), 'utf8');
  } catch {
    return false;
  }
  const [pid, host, ticks] = text.trim().split(' ');
  // Another host's submission cannot be checked: the safe side is to leave its folder alone.
  if (host !== hostname()) return true;
  return isProcessAlive(Number(pid), ticks ? Number(ticks) : null);
}

/** Empties a failed submission's folder, keeping `keep` (files inside it the new submission reads). */
function clearLeftover(submitDir: string, keep: readonly string[]): void {
  const kept = new Set(keep.map((path) => relative(submitDir, path)).filter((rel) => rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)));
  for (const entry of readdirSync(submitDir)) {
    if (kept.has(entry)) continue;
    rmSync(join(submitDir, entry), { recursive: true, force: true });
  }
}

function cannotCreate(submitDir: string, error: unknown): ConfigError {
  const { code } = error as { code?: string };
  return new ConfigError(`Cannot create submit directory '${submitDir}' (${code ?? (error as Error).message}).`, {
    hint: 'Check that submitPath points at a folder you can write to (a read-only or full file system gives this).',
    cause: error,
  });
}
