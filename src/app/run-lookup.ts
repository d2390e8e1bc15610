/** Finding a run from what the user typed, and opening its state. */
import { join } from 'node:path';
import { resolveRun, RUN_STATE_FILE, RunDatabase } from '../state/index.js';
import type { AppContext } from './context.js';

/** The run folder a user means (submit dir, run name, uniqProcName or run id). */
export function findRunDir(query: string, ctx: AppContext): string {
  const found = resolveRun(query, { cwd: ctx.cwd, bpsHome: ctx.bpsHome });
  for (const note of found.notes) ctx.logger.debug(note);
  return found.submitDir;
}

/** Opens a run's state: read-write for its driver, read-only for the views (status, report…). */
export function openRun(submitDir: string, options: { readonly?: boolean } = {}): RunDatabase {
  return RunDatabase.open(join(submitDir, RUN_STATE_FILE), options);
}
