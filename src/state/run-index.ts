import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StateError } from '../errors.js';

/** One run as the user-level index knows it. */
export interface IndexedRun {
  readonly runId: string;
  readonly name: string;
  readonly uniqProcName: string;
  readonly submitDir: string;
  readonly createdAt: string;
}

export const RUN_STATE_FILE = 'bps.sqlite';

/**
 * The user-level index of runs in `$BPS_HOME/runs.sqlite` (default ~/.local/state/bps-ts): maps run
 * names, uniqProcNames and ids to submit folders, so `bps status <name>` works from anywhere.
 */
export class RunIndex {
  private constructor(private readonly db: Database.Database) {}

  static open(bpsHome: string): RunIndex {
    mkdirSync(bpsHome, { recursive: true, mode: 0o755 });
    const path = join(bpsHome, 'runs.sqlite');
    try {
      const db = new Database(path);
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 10000');
      db.exec(`CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY, name TEXT NOT NULL, uniq_proc_name TEXT NOT NULL, submit_dir TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)`);
      return new RunIndex(db);
    } catch (error) {
      throw new StateError(`Cannot open the index of runs ${path}: ${(error as Error).message}`, { hint: 'Check $BPS_HOME.', cause: error });
    }
  }

  register(run: IndexedRun): void {
    this.db
      .prepare('INSERT OR REPLACE INTO runs (run_id, name, uniq_proc_name, submit_dir, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(run.runId, run.name, run.uniqProcName, run.submitDir, run.createdAt);
  }

  /** Runs whose folder still holds a state file, newest first. */
  list(): IndexedRun[] {
    const rows = this.db.prepare('SELECT run_id, name, uniq_proc_name, submit_dir, created_at FROM runs ORDER BY created_at DESC').all() as Array<Record<string, string>>;
    return rows
      .map((r) => ({ runId: r['run_id'] as string, name: r['name'] as string, uniqProcName: r['uniq_proc_name'] as string, submitDir: r['submit_dir'] as string, createdAt: r['created_at'] as string }))
      .filter((r) => existsSync(join(r.submitDir, RUN_STATE_FILE)));
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Finds a run's submit folder from what the user typed: a folder holding bps.sqlite (even one the index
 * lost), else a run id, run name (outputRun) or uniqProcName from the index. None or several is an error.
 */
export function resolveRunDir(query: string, options: { cwd: string; bpsHome: string }): string {
  const asPath = resolve(options.cwd, query);
  if (existsSync(join(asPath, RUN_STATE_FILE))) return asPath;
  const index = RunIndex.open(options.bpsHome);
  try {
    const matches = index.list().filter((r) => r.runId === query || r.name === query || r.uniqProcName === query || r.submitDir === asPath);
    if (matches.length === 1) return (matches[0] as IndexedRun).submitDir;
    if (matches.length === 0) {
      throw new StateError(`No run matches '${query}'.`, { hint: "Give a submit dir, run name, uniqProcName or run id; 'bps report' lists runs." });
    }
    throw new StateError(`'${query}' matches ${matches.length} runs: ${matches.map((m) => m.submitDir).join(', ')}.`, { hint: 'Give the submit dir or the run id instead.' });
  } finally {
    index.close();
  }
}
