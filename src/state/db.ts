import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { StateError } from '../errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';

export type Db = Database.Database;

/**
 * Opens a run's SQLite file: WAL (readers such as `bps status` never block the driver) with
 * synchronous=NORMAL (~29k autocommits/s here vs ~4k with FULL; the driver batches anyway), a busy
 * timeout, and the schema checked: a file from a newer bps-ts is refused, a corrupt one reported.
 */
export function openDatabase(path: string, options: { readonly?: boolean; create?: boolean } = {}): Db {
  if (!options.create && !existsSync(path)) throw new StateError(`No run state at ${path}.`, { hint: 'Is this a bps-ts submit directory? `bps report` lists runs.' });
  try {
    return connect(path, options);
  } catch (error) {
    // A reader cannot open a WAL database whose last writer was killed: SQLite must first recover the
    // WAL, which writes. Such a reader (bps status after a crash) connects read-write and only reads.
    if (options.readonly && isReadonlyRecovery(error)) return connect(path, { ...options, readonly: false, noMigrate: true });
    throw error;
  }
}

function isReadonlyRecovery(error: unknown): boolean {
  const cause = error instanceof StateError ? error.cause : error;
  const code = (cause as { code?: string } | undefined)?.code ?? '';
  return code.startsWith('SQLITE_READONLY') || /readonly database/.test((cause as Error | undefined)?.message ?? '');
}

function connect(path: string, options: { readonly?: boolean; create?: boolean; noMigrate?: boolean }): Db {
  let db: Db;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: !options.create });
    db.pragma('busy_timeout = 10000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    checkVersion(db, path, options.create === true, options.noMigrate === true);
  } catch (error) {
    if (error instanceof StateError) throw error;
    throw corrupt(path, error);
  }
  return db;
}

function checkVersion(db: Db, path: string, creating: boolean, noMigrate: boolean): void {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!hasTable) {
    if (creating) return migrate(db);
    throw new StateError(`${path} is not a bps-ts run state file (no schema version).`, { hint: 'Point bps at a submit directory made by bps-ts.' });
  }
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
  const version = row.version ?? 0;
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new StateError(`${path} was written by a newer bps-ts (schema ${version}; this one knows ${SCHEMA_VERSION}).`, { hint: 'Upgrade bps-ts to work with this run.' });
  }
  if (version < SCHEMA_VERSION && !db.readonly && !noMigrate) migrate(db);
}

/** Applies the migrations the file lacks, each in its own transaction, recording each in schema_migrations. */
export function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version));
  for (const migration of MIGRATIONS) {
    if (done.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, new Date().toISOString());
    })();
  }
}

/** `PRAGMA integrity_check`: 'ok' or the problems SQLite found. */
export function integrityCheck(db: Db): string {
  const rows = db.prepare('PRAGMA integrity_check').all() as Array<{ integrity_check: string }>;
  return rows.map((r) => r.integrity_check).join('; ');
}

export function corrupt(path: string, cause: unknown): StateError {
  return new StateError(`Cannot read the run state ${path}: ${(cause as Error).message}.`, {
    hint: `The file may be damaged; check it with: sqlite3 '${path}' 'PRAGMA integrity_check'.`,
    cause,
  });
}
