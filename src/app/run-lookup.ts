/** Finding a run from what the user typed, and opening its state. */
import { join } from 'node:path';
import { isLocalHost } from '../process/host.js';
import { readDriverLock, resolveRun, RUN_STATE_FILE, RunDatabase, SNAPSHOT_FILE, type DriverLockInfo } from '../state/index.js';
import type { AppContext } from './context.js';

/** The run folder a user means (submit dir, run name, uniqProcName or run id). */
export function findRunDir(query: string, ctx: AppContext): string {
  const found = resolveRun(query, { cwd: ctx.cwd, bpsHome: ctx.bpsHome });
  for (const note of found.notes) ctx.logger.debug(note);
  return found.submitDir;
}

/**
 * Opens a run's state: read-write for its driver, read-only for the views (status, report…). A view of a
 * run whose driver holds the lock from another host reads the snapshot that driver publishes, never the
 * live file (docs/ARCHITECTURE.md, "Status from another host").
 */
export function openRun(submitDir: string, options: { readonly?: boolean } = {}): RunDatabase {
  if (options.readonly && remoteDriverLock(submitDir)) return RunDatabase.openSnapshot(join(submitDir, SNAPSHOT_FILE));
  return RunDatabase.open(join(submitDir, RUN_STATE_FILE), options);
}

/** The run's driver lock when it was taken on another host (process/host.ts decides), else undefined. */
export function remoteDriverLock(submitDir: string): DriverLockInfo | undefined {
  const lock = readDriverLock(submitDir);
  return lock && !isLocalHost(lock.host) ? lock : undefined;
}
