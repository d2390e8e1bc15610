import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import type { JobOutcome } from '../types.js';

const SIGNAL_NAMES = new Map<number, string>(Object.entries(constants.signals).map(([name, n]) => [n, name]));

/**
 * Reads a job's exit-status file (`exit N <time>` or `signal N <time>`, written by its wrapper):
 * undefined while the file does not exist yet or is still empty.
 */
export async function readExitFile(path: string): Promise<JobOutcome | undefined> {
  let text: string;
  try {
    // Synchronous on purpose: a 20-byte local file reads in microseconds, and a thread-pool round trip
    // per job end was measurable in the launch rate.
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  // Empty: its writer (a Slurm job's shell) opened it and has not written yet; read it next time.
  if (text.trim() === '') return undefined;
  const [kind, value] = text.trim().split(' ');
  const n = Number(value);
  if (kind === 'exit' && Number.isInteger(n)) return { kind: 'exited', exitCode: n };
  if (kind === 'signal' && Number.isInteger(n)) return { kind: 'signaled', signal: SIGNAL_NAMES.get(n) ?? `SIG${n}` };
  return { kind: 'lost', reason: `unreadable exit file ${path}` };
}
