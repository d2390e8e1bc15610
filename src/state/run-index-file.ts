import Database from 'better-sqlite3';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { StateError } from '../errors.js';
import { defaultBpsHome } from '../paths.js';

/** The state file in every run folder. */
export const RUN_STATE_FILE = 'bps.sqlite';
/** The index file in $BPS_HOME. */
export const RUN_INDEX_FILE = 'runs.sqlite';

/** The schema of runs.sqlite, kept in `PRAGMA user_version` (one table needs no migrations table). */
const INDEX_VERSION = 1;

/** One run as the user-level index knows it. */
export interface IndexedRun {
  readonly runId: string;
  /** outputRun. */
  readonly name: string;
  readonly uniqProcName: string;
  /** Absolute. */
  readonly submitDir: string;
  /** ISO 8601. */
  readonly createdAt: string;
}

interface DbIndexedRun {
  run_id: string; name: string; uniq_proc_name: string; submit_dir: string; created_at: string;
}

function fromRow(r: DbIndexedRun): IndexedRun {
  return { runId: r.run_id, name: r.name, uniqProcName: r.uniq_proc_name, submitDir: r.submit_dir, createdAt: r.created_at };
}

/**
 * The user-level index of runs, `$BPS_HOME/runs.sqlite`: maps run ids, names (outputRun) and
 * uniqProcNames to run folders, so `bps status <name>` works from anywhere. SQLite in WAL mode with a
 * busy timeout, so concurrent submits register safely. It is only an index: every run folder holds
 * its own truth, and a folder given by path works even if the index lost it.
 */
export class RunIndex {
  private constructor(private readonly db: Database.Database, readonly path: string) {}

  /** Opens (creating when needed) the index in `bpsHome`. */
  static open(bpsHome: string = defaultBpsHome()): RunIndex {
    const path = join(bpsHome, RUN_INDEX_FILE);
    let db: Database.Database | undefined;
    try {
      mkdirSync(bpsHome, { recursive: true });
      db = new Database(path);
      db.pragma('busy_timeout = 10000');
      db.pragma('journal_mode = WAL');
      prepareSchema(db, path);
      return new RunIndex(db, path);
    } catch (error) {
      if (db?.open) db.close();
      if (error instanceof StateError) throw error;
      throw new StateError(`Cannot open the index of runs ${path}: ${(error as Error).message}.`, {
        hint: `Check $BPS_HOME. The index only maps names to run folders: if it is damaged, move it away; submit dirs still work.`,
        cause: error,
      });
    }
  }

  /** Adds or replaces a run (a new run in the same folder replaces the old entry). */
  register(run: IndexedRun): void {
    this.db
      .prepare('INSERT OR REPLACE INTO runs (run_id, name, uniq_proc_name, submit_dir, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(run.runId, run.name, run.uniqProcName, resolve(run.submitDir), run.createdAt);
  }

  /** Forgets a run. */
  remove(runId: string): void {
    this.db.prepare('DELETE FROM runs WHERE run_id = ?').run(runId);
  }

  /** Every entry, newest first, whether its folder still exists or not. */
  entries(): IndexedRun[] {
    return (this.db.prepare('SELECT * FROM runs ORDER BY created_at DESC, run_id DESC').all() as DbIndexedRun[]).map(fromRow);
  }

  /** Entries whose id, name, uniqProcName or folder is `query` (or `absolute`, the query as a path). */
  matching(query: string, absolute: string): IndexedRun[] {
    const rows = this.db
      .prepare('SELECT * FROM runs WHERE run_id = ? OR name = ? OR uniq_proc_name = ? OR submit_dir = ? ORDER BY created_at DESC, run_id DESC')
      .all(query, query, query, absolute) as DbIndexedRun[];
    return rows.map(fromRow);
  }

  /** Runs whose folder still holds a state file, newest first. */
  list(): IndexedRun[] {
    return this.entries().filter((r) => existsSync(join(r.submitDir, RUN_STATE_FILE)));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function prepareSchema(db: Database.Database, path: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > INDEX_VERSION) {
    throw new StateError(`${path} was written by a newer bps-ts (index schema ${version}, this one knows ${INDEX_VERSION}); upgrade bps-ts.`);
  }
  if (version === INDEX_VERSION) return;
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS runs (
      run_id TEXT PRIMARY KEY, name TEXT NOT NULL, uniq_proc_name TEXT NOT NULL, submit_dir TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)`);
    db.exec('CREATE INDEX IF NOT EXISTS runs_name ON runs (name)');
    db.exec('CREATE INDEX IF NOT EXISTS runs_uniq_proc_name ON runs (uniq_proc_name)');
    db.pragma(`user_version = ${INDEX_VERSION}`);
  }).immediate();
}

/** The run folder `query` names as a path: a folder holding bps.sqlite, or the bps.sqlite file itself. */
export function runDirOfPath(query: string, cwd: string): string | undefined {
  const path = resolve(cwd, query);
  if (existsSync(join(path, RUN_STATE_FILE))) return path;
  if (basename(path) === RUN_STATE_FILE && existsSync(path) && statSync(path).isFile()) return dirname(path);
  return undefined;
}
