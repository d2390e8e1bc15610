import { readFile } from 'node:fs/promises';
import { constants } from 'node:os';
import type { JobOutcome } from '../types.js';

const SIGNAL_NAMES = new Map<number, string>(Object.entries(constants.signals).map(([name, n]) => [n, name]));

/**
 * Reads a job's exit-status file (`exit N <time>` or `signal N <time>`, written by its wrapper):
 * undefined while the file does not exist yet.
 */
export async function readExitFile(path: string): Promise<JobOutcome | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const [kind, value] = text.trim().split(' ');
  const n = Number(value);
  if (kind === 'exit' && Number.isInteger(n)) return { kind: 'exited', exitCode: n };
  if (kind === 'signal' && Number.isInteger(n)) return { kind: 'signaled', signal: SIGNAL_NAMES.get(n) ?? `SIG${n}` };
  return { kind: 'lost', reason: `unreadable exit file ${path}` };
}
