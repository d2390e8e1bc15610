/** A job's place in the run: its parents and the task labels of its quanta (what `bps explain` shows). */
import type { Statements } from './statements.js';

/**
 * The ids of a job's parents, in id order. The edges table has no index on `child` (a million-job run's
 * creation would pay for it), so this scans it: 2 million edges take about 0.1 s here, once per explain.
 */
export function parentIds(s: Statements, jobId: number): number[] {
  return s.get('SELECT parent FROM edges WHERE child = ? ORDER BY parent').pluck().all(jobId) as number[];
}

/**
 * The task labels of a job's quanta and how many quanta each, in pipeline order: one for most jobs, several
 * for a cluster of mixed labels, none for pipetaskInit and finalJob. `schema4` false: a file made before
 * clustering, whose payload jobs hold one quantum of their own label.
 */
export function taskLabelsOf(s: Statements, jobId: number, schema4: boolean): Array<{ label: string; quanta: number }> {
  if (!schema4) {
    return s.get("SELECT l.label AS label, 1 AS quanta FROM jobs j JOIN labels l ON l.idx = j.label_idx WHERE j.id = ? AND l.kind = 'payload'").all(jobId) as Array<{ label: string; quanta: number }>;
  }
  const rows = s.get(`SELECT t.idx AS idx, t.label AS label, j.quanta_count AS quanta FROM jobs j JOIN tasks t ON t.idx = j.task_idx WHERE j.id = ?
    UNION ALL SELECT t.idx, t.label, jt.quanta FROM job_tasks jt JOIN tasks t ON t.idx = jt.task_idx WHERE jt.job_id = ?
    ORDER BY idx`).all(jobId, jobId) as Array<{ idx: number; label: string; quanta: number }>;
  return rows.map(({ label, quanta }) => ({ label, quanta }));
}
