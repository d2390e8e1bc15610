/** The `events` table: the run's append-only log (creation, attempt ends, failures, run-state changes). */
import type { Statements } from './statements.js';
import type { StateEvent } from './types.js';

/** Appends one event; `jobId` null for run-level events. */
export function appendEvent(s: Statements, at: number, jobId: number | null, type: string, detail: unknown): void {
  s.get('INSERT INTO events (at, job_id, type, detail) VALUES (?, ?, ?, ?)').run(at, jobId, type, detail === undefined ? null : JSON.stringify(detail));
}

interface DbEvent {
  seq: number; at: number; job_id: number | null; type: string; detail: string | null;
}

function toEvent(r: DbEvent): StateEvent {
  return { seq: r.seq, at: r.at, jobId: r.job_id, type: r.type, detail: r.detail === null ? null : JSON.parse(r.detail) };
}

/** The last `limit` events, oldest first. */
export function eventsTail(s: Statements, limit: number): StateEvent[] {
  const rows = s.get('SELECT * FROM (SELECT * FROM events ORDER BY seq DESC LIMIT ?) ORDER BY seq').all(limit) as DbEvent[];
  return rows.map(toEvent);
}

/** Events after sequence number `seq` (to follow the log), at most `limit`, oldest first. */
export function eventsAfter(s: Statements, seq: number, limit: number): StateEvent[] {
  const rows = s.get('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?').all(seq, limit) as DbEvent[];
  return rows.map(toEvent);
}

/**
 * One job's events and the run's own (`job_id` NULL: driver starts and ends, deferrals, run states), oldest
 * first: what `bps explain` tells a job's story from. One scan of the log, which has no index on job_id
 * (3 million events take 0.2 s here), rather than a migration that would slow every round's inserts.
 */
export function jobAndRunEvents(s: Statements, jobId: number): StateEvent[] {
  const rows = s.get('SELECT * FROM events WHERE job_id = ? OR job_id IS NULL ORDER BY seq').all(jobId) as DbEvent[];
  return rows.map(toEvent);
}
