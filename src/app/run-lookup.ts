/** Finding a run from what the user typed, and opening its state. */
import { existsSync } from 'node:fs';
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
  const remote = options.readonly ? remoteDriverLock(submitDir) : undefined;
  if (remote) {
    const snapshot = join(submitDir, SNAPSHOT_FILE);
    awaitFirstSnapshot(snapshot, remote);
    return RunDatabase.openSnapshot(snapshot);
  }
  return RunDatabase.open(join(submitDir, RUN_STATE_FILE), options);
}

/** How long a view waits for the first snapshot of a driver that took its lock less than a minute ago. */
const FIRST_SNAPSHOT_WAIT_MS = 10_000;
const FRESH_LOCK_MS = 60_000;

/**
 * A driver publishes its first snapshot right after it takes the lock, but copying a large state takes a
 * moment: a view asked in that moment waits for it (blocking, as views read synchronously) rather than
 * failing. A lock older than a minute with no snapshot is not waited for: openSnapshot says why.
 */
function awaitFirstSnapshot(path: string, lock: DriverLockInfo): void {
  const lockedAt = Date.parse(lock.startedAt);
  if (existsSync(path) || !(Date.now() - lockedAt < FRESH_LOCK_MS)) return;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const until = Date.now() + FIRST_SNAPSHOT_WAIT_MS;
  while (!existsSync(path) && Date.now() < until) Atomics.wait(pause, 0, 0, 100);
}

/** The run's driver lock when it was taken on another host (process/host.ts decides), else undefined. */
export function remoteDriverLock(submitDir: string): DriverLockInfo | undefined {
  const lock = readDriverLock(submitDir);
  return lock && !isLocalHost(lock.host) ? lock : undefined;
}
