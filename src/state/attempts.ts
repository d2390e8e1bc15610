/** The `attempts` table: one row per attempt of a job, opened on submit and closed with its outcome. */
import type { ResourceUsage } from '../model/outcome.js';
import type { Statements } from './statements.js';
import type { AttemptRecord } from './types.js';

/** Opens attempt `attempt` of job `jobId`, submitted at `at`. A rerun of the same number replaces the row. */
export function openAttempt(s: Statements, a: { jobId: number; attempt: number; externalId: string | null; detail: string | null; memoryMiB: number | null; at: number }): void {
  s.get('INSERT OR REPLACE INTO attempts (job_id, attempt, external_id, detail, memory_mib, submitted_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    a.jobId, a.attempt, a.externalId, a.detail, a.memoryMiB, a.at,
  );
}

/** Records the attempt's external id (pid or Slurm id) when given and, when `startedAt` is given, that it started. */
export function setAttemptHandle(s: Statements, jobId: number, attempt: number, externalId: string | null, detail: string | null, startedAt: number | null): void {
  s.get('UPDATE attempts SET external_id = COALESCE(?, external_id), detail = COALESCE(?, detail), started_at = COALESCE(started_at, ?) WHERE job_id = ? AND attempt = ?').run(
    externalId, detail, startedAt, jobId, attempt,
  );
}

/** Closes the attempt with its outcome, unless it is already closed (a late duplicate report changes nothing). */
export function closeAttempt(s: Statements, jobId: number, attempt: number, end: { at: number; outcome: string; exitCode: number | null; signal: string | null; reason: string | null; usage?: ResourceUsage | undefined }): void {
  const usage = end.usage ?? {};
  s.get(`UPDATE attempts SET ended_at = ?, outcome = ?, exit_code = ?, signal = ?, reason = ?, max_rss_mib = ?, cpu_sec = ?, wall_sec = ?
    WHERE job_id = ? AND attempt = ? AND ended_at IS NULL`).run(
    end.at, end.outcome, end.exitCode, end.signal, end.reason, usage.maxRssMiB ?? null, usage.cpuSec ?? null, usage.wallSec ?? null, jobId, attempt,
  );
}

/** Records what an attempt used, learnt after it was closed; a figure already known is kept where none comes. */
export function setAttemptUsage(s: Statements, jobId: number, attempt: number, usage: ResourceUsage): void {
  s.get('UPDATE attempts SET max_rss_mib = COALESCE(?, max_rss_mib), cpu_sec = COALESCE(?, cpu_sec), wall_sec = COALESCE(?, wall_sec) WHERE job_id = ? AND attempt = ?').run(
    usage.maxRssMiB ?? null, usage.cpuSec ?? null, usage.wallSec ?? null, jobId, attempt,
  );
}

/**
 * Per job label, the summed run time (seconds) and count of attempts that started and succeeded: what
 * the progress ETA of a later run of the same pipeline starts from (app/run-history.ts).
 */
export function succeededRunTimes(s: Statements): Map<string, { total: number; count: number }> {
  const rows = s.get(`SELECT l.label AS label, SUM(a.ended_at - a.started_at) / 1000.0 AS total, COUNT(*) AS count
    FROM attempts a JOIN jobs j ON j.id = a.job_id JOIN labels l ON l.idx = j.label_idx
    WHERE a.outcome = 'exited' AND a.exit_code = 0 AND a.started_at IS NOT NULL AND a.ended_at >= a.started_at
    GROUP BY j.label_idx`).all() as Array<{ label: string; total: number; count: number }>;
  return new Map(rows.map((r) => [r.label, { total: r.total, count: r.count }]));
}

interface DbAttempt {
  attempt: number; external_id: string | null; memory_mib: number | null; submitted_at: number | null; started_at: number | null;
  ended_at: number | null; outcome: string | null; exit_code: number | null; signal: string | null; reason: string | null;
  /** Absent in files made before schema 5. */
  max_rss_mib?: number | null; cpu_sec?: number | null; wall_sec?: number | null;
}

/** Every attempt of one job, oldest first. */
export function attemptsOf(s: Statements, jobId: number): AttemptRecord[] {
  const rows = s.get('SELECT * FROM attempts WHERE job_id = ? ORDER BY attempt').all(jobId) as DbAttempt[];
  return rows.map((r) => ({
    attempt: r.attempt, externalId: r.external_id, memoryMiB: r.memory_mib, submittedAt: r.submitted_at, startedAt: r.started_at,
    endedAt: r.ended_at, outcome: r.outcome, exitCode: r.exit_code, signal: r.signal, reason: r.reason,
    maxRssMiB: r.max_rss_mib ?? null, cpuSec: r.cpu_sec ?? null, wallSec: r.wall_sec ?? null,
  }));
}

/**
 * Per label index, the longest run (seconds, start to end as the driver saw them) of the attempts that
 * succeeded: what the allocation executor expects a job of that label to take when it declares no
 * requestWalltime. One scan of the attempts, done once when a driver first needs it.
 */
export function labelRunTimes(s: Statements): Map<number, number> {
  const rows = s.get(`SELECT j.label_idx AS label, MAX(a.ended_at - a.started_at) AS ms FROM attempts a JOIN jobs j ON j.id = a.job_id
    WHERE a.outcome = 'exited' AND a.exit_code = 0 AND a.started_at IS NOT NULL AND a.ended_at IS NOT NULL GROUP BY j.label_idx`).all() as Array<{ label: number; ms: number }>;
  return new Map(rows.map((r) => [r.label, Math.max(0, r.ms) / 1000]));
}

/**
 * Per label index, the largest peak memory (MiB) of the attempts that succeeded or ran out of memory (a
 * job that failed otherwise may have stopped before it grew): what learnResources sizes requests from.
 */
export function labelPeakMemory(s: Statements): Map<number, number> {
  const rows = s.get(`SELECT j.label_idx AS label, MAX(a.max_rss_mib) AS mib FROM attempts a JOIN jobs j ON j.id = a.job_id
    WHERE a.max_rss_mib IS NOT NULL AND (a.outcome = 'out-of-memory' OR (a.outcome = 'exited' AND a.exit_code = 0)) GROUP BY j.label_idx`).all() as Array<{ label: number; mib: number }>;
  return new Map(rows.map((r) => [r.label, r.mib]));
}
