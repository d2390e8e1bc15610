import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { StateError } from '../errors.js';
import { checkSchema } from './migrate.js';

import type { Db } from './sqlite.js';

export type { Db, Statement } from './sqlite.js';

/** How to open a run's bps.sqlite. */
export interface OpenOptions {
  /** Open for reading only (`status`, `report`): never migrates, never writes. @default false */
  readonly readonly?: boolean;
  /** Create the file (and its schema) when missing. Only createRunState does. @default false */
  readonly create?: boolean;
}

/** How long a statement waits for a lock before failing: readers run while the driver commits rounds. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens a run's SQLite file: WAL (readers such as `bps status` never block the driver, nor it them) with
 * synchronous=NORMAL (~29k autocommits/s here vs ~4k with FULL; a crash may lose the last round, which
 * restart reconciles, never corrupts), a busy timeout, and the schema checked: a file from a newer bps-ts
 * is refused, a corrupt or foreign one reported as a StateError, never as a raw SQLite stack trace.
 * No foreign keys: the driver is the only writer and checking them would slow every bulk insert.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (!options.create && !existsSync(path)) {
    throw new StateError(`No run state at ${path}.`, { hint: 'Is this a bps-ts submit directory? `bps report` lists runs.' });
  }
  try {
    return connect(path, options, true);
  } catch (error) {
    // A reader cannot open a WAL database whose last writer was killed: SQLite must first recover the
    // WAL, which writes. Such a reader (bps status after a crash) connects read-write and only reads.
    if (options.readonly && isReadonlyRecovery(error)) return connect(path, { ...options, readonly: false }, false);
    throw error;
  }
}

function connect(path: string, options: OpenOptions, mayMigrate: boolean): Db {
  let db: Db | undefined;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: !options.create });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('cache_size = -65536'); // 64 MiB: a million-job driver touches many pages per round
    }
    checkSchema(db, path, { creating: options.create === true, mayMigrate: mayMigrate && !options.readonly });
    return db;
  } catch (error) {
    if (db?.open) db.close();
    throw error instanceof StateError ? error : corrupt(path, error);
  }
}

function isReadonlyRecovery(error: unknown): boolean {
  const cause = error instanceof StateError ? error.cause : error;
  const code = (cause as { code?: string } | undefined)?.code ?? '';
  return code.startsWith('SQLITE_READONLY') || /readonly database/.test((cause as Error | undefined)?.message ?? '');
}

/** `PRAGMA integrity_check`: 'ok', or the problems SQLite found joined by '; '. */
export function integrityCheck(db: Db): string {
  const rows = db.prepare('PRAGMA integrity_check').pluck().all() as string[];
  return rows.join('; ');
}

/**
 * Turns an SQLite error met while using an open file into a StateError that names the file and says
 * what to do; anything else (a StateError already, or a bug) passes through unchanged.
 */
export function translateError(path: string, error: unknown): unknown {
  if (!(error instanceof Database.SqliteError)) return error;
  if (error.code.startsWith('SQLITE_BUSY')) {
    return new StateError(`Run state ${path} stayed locked by another process for ${BUSY_TIMEOUT_MS / 1000} s.`, {
      hint: 'Another bps process (a driver, `bps cancel`) is writing it; try again, or check driver.pid in the run folder.',
      cause: error,
    });
  }
  if (error.code === 'SQLITE_FULL') {
    return new StateError(`Run state ${path} cannot be written: the disk is full.`, {
      hint: "Free space on that file system, then resume with 'bps restart': every committed round is kept.",
      cause: error,
    });
  }
  if (error.code.startsWith('SQLITE_READONLY')) {
    return new StateError(`Run state ${path} cannot be written: ${error.message}.`, { hint: 'Check the permissions of the run folder and its files.', cause: error });
  }
  if (/^SQLITE_(CORRUPT|NOTADB|IOERR)/.test(error.code)) return corrupt(path, error);
  return new StateError(`Run state ${path}: ${error.message} (${error.code}).`, { cause: error });
}

/** The StateError for a file SQLite cannot read: names it and says how to check it. */
export function corrupt(path: string, cause: unknown): StateError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new StateError(`Cannot read the run state ${path}: ${detail}.`, {
    hint: `The file may be damaged or not a bps-ts state file; check it with: sqlite3 '${path}' 'PRAGMA integrity_check'`,
    cause,
  });
}
