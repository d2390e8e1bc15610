/**
 * Snapshots of a run's state for readers on other hosts (docs/ARCHITECTURE.md, "Status from another
 * host"). SQLite's WAL keeps its index in shared memory (`bps.sqlite-shm`), which hosts sharing a file
 * system do not share: a reader on a login node must never open the file a driver on a compute node
 * writes. So that driver publishes a copy: `VACUUM INTO` (a consistent snapshot, in rollback-journal mode)
 * into a temporary file, renamed into place; readers load the whole file into memory and never lock it.
 */
import Database from 'better-sqlite3';
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { StateError } from '../errors.js';
import { corrupt } from './db.js';
import { checkSchema } from './migrate.js';
import type { Db } from './sqlite.js';

/** The snapshot next to a run's `bps.sqlite`. */
export const SNAPSHOT_FILE = 'bps.snapshot.sqlite';

/** Copies the open database `db` to `path`, atomically (readers see the old copy or the new one). */
export function writeSnapshot(db: Db, path: string): void {
  const tmp = `${path}.tmp`;
  rmSync(tmp, { force: true }); // VACUUM INTO refuses an existing file: a leftover of a killed driver
  db.prepare('VACUUM INTO ?').run(tmp);
  renameSync(tmp, path);
}

/** Opens a snapshot in memory, read-only: no lock is ever taken on the shared file. */
export function openSnapshot(path: string): Db {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new StateError(`No published state at ${path}: ${(error as Error).message}.`, {
      hint: 'The driver publishes it within a minute of starting; try again shortly.',
      cause: error,
    });
  }
  let db: Db | undefined;
  try {
    db = new Database(bytes, { readonly: true });
    checkSchema(db, path, { creating: false, mayMigrate: false });
    return db;
  } catch (error) {
    if (db?.open) db.close();
    throw error instanceof StateError ? error : corrupt(path, error);
  }
}
