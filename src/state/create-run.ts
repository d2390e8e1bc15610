import Database from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { StateError } from '../errors.js';
import { buildCsr } from '../model/csr.js';
import { STATE_SLOTS } from '../model/job-state.js';
import { checkEdges, countParents, insertCsr, insertEdges, insertJobs } from './bulk-load.js';
import { corrupt, type Db } from './db.js';
import { migrate } from './migrate.js';
import { newRunId } from './run-id.js';
import type { RunStateInit } from './types.js';

/** What createRunState wrote. */
export interface CreatedRun {
  readonly runId: string;
  readonly jobs: number;
  readonly edges: number;
}

/**
 * Writes a run's bps.sqlite all or nothing: everything goes into `<path>.tmp` in one transaction, which
 * is renamed into place at the end, so a process killed half-way leaves no bps.sqlite for a later
 * `restart` or `status` to misread (a stale .tmp is removed by the next attempt). The tmp file is built
 * without a journal and with its indexes built after the rows: a million jobs and two million edges take
 * a few seconds. The finished file is in WAL mode, like every later open.
 */
export function createRunState(path: string, input: RunStateInit): CreatedRun {
  if (existsSync(path)) throw new StateError(`Run state ${path} already exists.`, { hint: 'Use a new submit directory, or `bps restart` this run.' });
  const tmp = `${path}.tmp`;
  removeDatabaseFiles(tmp);
  let db: Db | undefined;
  try {
    db = openForBuild(tmp);
    const created = withIndexesDeferred(db, (build) => build.transaction(() => loadAll(build, input))());
    db.pragma('journal_mode = WAL');
    db.close();
    publish(tmp, path);
    return created;
  } catch (error) {
    if (db?.open) db.close();
    removeDatabaseFiles(tmp);
    if (error instanceof StateError) throw error;
    throw new StateError(`Cannot write the run state ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** A connection for a file nobody else sees yet: no journal, no syncs (it is fsynced once at the end). */
function openForBuild(tmp: string): Db {
  let db: Db | undefined;
  try {
    db = new Database(tmp);
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -131072'); // 128 MiB for the index builds at the end
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    throw corrupt(tmp, error);
  }
}

/** Drops the named indexes of the bulk tables, runs `load`, and builds them again from their stored SQL. */
function withIndexesDeferred<T>(db: Db, load: (db: Db) => T): T {
  const indexes = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('jobs', 'edges') AND sql IS NOT NULL")
    .all() as Array<{ name: string; sql: string }>;
  for (const index of indexes) db.exec(`DROP INDEX ${index.name}`);
  const result = load(db);
  try {
    for (const index of indexes) db.exec(index.sql);
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new StateError('Two jobs of the workflow have the same name.', { cause: error });
    throw error;
  }
  return result;
}

function loadAll(db: Db, input: RunStateInit): CreatedRun {
  const runId = input.run.runId ?? newRunId(input.run.createdAt);
  const created = (input.run.createdAt ?? new Date()).toISOString();
  const { from, to } = input.edges;
  const labelIndex = new Map(input.labels.map((l, i) => [l.label, i]));
  if (labelIndex.size !== input.labels.length) throw new StateError('The run has a job label twice.');
  const counts = new Int32Array(input.labels.length * STATE_SLOTS);
  const tasks = input.tasks ?? input.labels.filter((l) => l.kind === 'payload').map((l) => l.label);
  const taskIndex = new Map(tasks.map((t, i) => [t, i]));
  if (taskIndex.size !== tasks.length) throw new StateError('The run has a task label twice.');
  const taskCounts = new Int32Array(tasks.length * STATE_SLOTS);
  const parentCount = countParents(to);
  const kinds = input.labels.map((l) => l.kind);
  const jobCount = insertJobs(db, input.jobs, { labelIndex, taskIndex, taskCounts, initialStates: input.initialStates, parentCount, counts }, kinds);
  checkEdges(from, to, jobCount);
  insertEdges(db, from, to);
  insertCsr(db, buildCsr(jobCount, from, to));
  insertRun(db, input, runId, created);
  insertLabels(db, input, counts);
  insertTasks(db, tasks, taskCounts);
  db.prepare("INSERT INTO events (at, type, detail) VALUES (?, 'created', ?)").run(Date.parse(created), JSON.stringify({ jobs: jobCount, edges: from.length, labels: input.labels.length }));
  return { runId, jobs: jobCount, edges: from.length };
}

function insertRun(db: Db, input: RunStateInit, runId: string, created: string): void {
  const r = input.run;
  db.prepare(
    `INSERT INTO run (id, run_id, name, uniq_proc_name, submit_dir, operator, project, campaign, payload_name, site, config_path, state, created_at, updated_at)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'UNREADY', ?, ?)`,
  ).run(runId, r.name, r.uniqProcName, r.submitDir, r.operator, r.project, r.campaign, r.payloadName, JSON.stringify(r.site), r.configPath ?? null, created, created);
}

/** Labels with their expected counts, and label_counts from what the jobs loop counted. */
function insertLabels(db: Db, input: RunStateInit, counts: Int32Array): void {
  const label = db.prepare('INSERT INTO labels (idx, label, kind, spec, expected) VALUES (?, ?, ?, ?, ?)');
  const count = db.prepare('INSERT INTO label_counts (label_idx, state, count) VALUES (?, ?, ?)');
  input.labels.forEach((l, idx) => {
    const row = counts.subarray(idx * STATE_SLOTS, (idx + 1) * STATE_SLOTS);
    label.run(idx, l.label, l.kind, JSON.stringify(l.spec ?? null), l.count ?? row.reduce((a, b) => a + b, 0));
    row.forEach((n, state) => {
      if (n > 0) count.run(idx, state, n);
    });
  });
}

/** Task labels in pipeline order, and task_counts from the quanta the jobs loop counted. */
function insertTasks(db: Db, tasks: readonly string[], counts: Int32Array): void {
  const task = db.prepare('INSERT INTO tasks (idx, label) VALUES (?, ?)');
  const count = db.prepare('INSERT INTO task_counts (task_idx, state, count) VALUES (?, ?, ?)');
  tasks.forEach((label, idx) => {
    task.run(idx, label);
    counts.subarray(idx * STATE_SLOTS, (idx + 1) * STATE_SLOTS).forEach((n, state) => {
      if (n > 0) count.run(idx, state, n);
    });
  });
}

/** fsync, rename, fsync the folder: after this returns the run exists even through a power cut. */
function publish(tmp: string, path: string): void {
  syncPath(tmp, 'r+');
  // A -wal left by some earlier file of this name would be replayed into the new one: remove it first.
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
  renameSync(tmp, path);
  syncPath(dirname(path), 'r');
}

function syncPath(path: string, flags: string): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function removeDatabaseFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}
