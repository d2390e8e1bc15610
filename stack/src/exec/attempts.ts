import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/files.js';

/** Folder of the stand-in's own bookkeeping inside a repo (attempt counters). */
export function stateDir(repoRoot: string): string {
  return join(repoRoot, '.standin');
}

/**
 * Counts executions of one quantum (or of a graph's init/final job) across processes — each retry is a
 * new process — in `<repo>/.standin/attempts/<key>`, and returns this execution's number (1 = first).
 * Retries of one quantum never overlap, so a read-then-write counter is enough.
 */
export function nextAttempt(repoRoot: string, key: string): number {
  const path = join(stateDir(repoRoot), 'attempts', key.replace(/[^A-Za-z0-9._-]/g, '_'));
  const previous = existsSync(path) ? Number.parseInt(readFileSync(path, 'utf8'), 10) || 0 : 0;
  writeFileAtomic(path, `${previous + 1}\n`);
  return previous + 1;
}
