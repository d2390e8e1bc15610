import { StateError } from '../errors.js';
import type { Db } from './sqlite.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';

const VERSION_TABLE = 'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)';

/** The newest migration recorded in the file, or undefined when it has no version table (not ours). */
export function schemaVersion(db: Db): number | undefined {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!hasTable) return undefined;
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
  return row.version ?? 0;
}

/**
 * Checks a freshly opened file's schema: refuses one written by a newer bps-ts (its tables may mean
 * something this code does not know) and one that is not a bps-ts state file at all; brings an older one
 * up to date when allowed. A reader never migrates: it reads an older schema as it is.
 */
export function checkSchema(db: Db, path: string, options: { creating: boolean; mayMigrate: boolean }): void {
  const version = schemaVersion(db);
  if (version === undefined) {
    if (options.creating) return migrate(db);
    throw new StateError(`${path} is not a bps-ts run state file (it has no schema version).`, {
      hint: 'Point bps at a submit directory made by bps-ts.',
    });
  }
  if (version > SCHEMA_VERSION) {
    throw new StateError(`${path} was written by a newer bps-ts (schema ${version}, this one knows ${SCHEMA_VERSION}); upgrade bps-ts.`, {
      hint: 'Run a bps-ts at least as new as the one that made this run.',
    });
  }
  if (version < SCHEMA_VERSION && options.mayMigrate) migrate(db);
}

/** Applies the migrations the file lacks, each in its own transaction, recording each in schema_migrations. */
export function migrate(db: Db): void {
  db.exec(VERSION_TABLE);
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]));
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of MIGRATIONS) {
    if (done.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    }).immediate();
  }
}
