/** The `labels` and `label_counts` tables: labels in topological order and jobs counted per label and state. */
import type { JobKind, LabelSpec } from '../model/job-spec.js';
import { STATE_SLOTS, stateName, zeroCounts } from '../model/job-state.js';
import type { Statements } from './statements.js';
import type { LabelCounts, LabelInfo, TaskCounts } from './types.js';

interface DbLabel {
  label: string;
  kind: JobKind;
  expected: number;
}

/** Labels in topological order (their index is `labels.idx`, the jobs' label_idx). */
export function readLabels(s: Statements): LabelInfo[] {
  return (s.get('SELECT label, kind, expected FROM labels ORDER BY idx').all() as DbLabel[]).map((r) => ({ label: r.label, kind: r.kind, expected: r.expected }));
}

/** Each label's command, resources and retry policy as stored at creation (labels created without one are left out). */
export function readLabelSpecs(s: Statements): Map<string, LabelSpec> {
  const rows = s.get('SELECT label, spec FROM labels ORDER BY idx').all() as Array<{ label: string; spec: string }>;
  const specs = new Map<string, LabelSpec>();
  for (const r of rows) {
    const spec = JSON.parse(r.spec) as LabelSpec | null;
    if (spec) specs.set(r.label, spec);
  }
  return specs;
}

/** Per label, every state's count: O(labels) from label_counts, whatever the number of jobs. */
export function readLabelCounts(s: Statements, labels: readonly LabelInfo[]): LabelCounts[] {
  const counts = labels.map(() => zeroCounts());
  for (const r of s.get('SELECT label_idx, state, count FROM label_counts WHERE count != 0').all() as Array<{ label_idx: number; state: number; count: number }>) {
    const entry = counts[r.label_idx];
    if (entry) entry[stateName(r.state)] += r.count;
  }
  return labels.map((info, i) => {
    const byState = counts[i] as LabelCounts['counts'];
    return { ...info, counts: byState, total: Object.values(byState).reduce((a, b) => a + b, 0) };
  });
}

const ADD_TO_COUNTS = {
  label_counts: 'INSERT INTO label_counts (label_idx, state, count) VALUES (?, ?, ?) ON CONFLICT (label_idx, state) DO UPDATE SET count = count + excluded.count',
  task_counts: 'INSERT INTO task_counts (task_idx, state, count) VALUES (?, ?, ?) ON CONFLICT (task_idx, state) DO UPDATE SET count = count + excluded.count',
} as const;

/**
 * Adds per-(label, state) job deltas to label_counts, or per-(task, state) quanta deltas to task_counts,
 * keyed `index * STATE_SLOTS + state`; called inside the transaction that changed the jobs, so the counts
 * always equal a GROUP BY over jobs.
 */
export function addToCounts(s: Statements, table: keyof typeof ADD_TO_COUNTS, deltas: ReadonlyMap<number, number>): void {
  const upsert = s.get(ADD_TO_COUNTS[table]);
  for (const [key, delta] of deltas) {
    if (delta !== 0) upsert.run(Math.floor(key / STATE_SLOTS), key % STATE_SLOTS, delta);
  }
}

/** Task labels in pipeline order (their index is `tasks.idx`); before schema 4, the payload labels. */
export function readTasks(s: Statements): string[] {
  if (!s.get("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tasks'").get()) {
    return s.get("SELECT label FROM labels WHERE kind = 'payload' ORDER BY idx").pluck().all() as string[];
  }
  return s.get('SELECT label FROM tasks ORDER BY idx').pluck().all() as string[];
}

/** Per task label in pipeline order, its quanta counted by their jobs' states: O(task labels). */
export function readTaskCounts(s: Statements, labels: readonly LabelInfo[]): TaskCounts[] {
  // A file older than schema 4, read as it is: one task label per payload job label, one quantum per job.
  if (!s.get("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tasks'").get()) {
    return readLabelCounts(s, labels).filter((l) => l.kind === 'payload').map(({ label, counts, total }) => ({ label, counts, total }));
  }
  const tasks = s.get('SELECT idx, label FROM tasks ORDER BY idx').all() as Array<{ idx: number; label: string }>;
  const counts = new Map(tasks.map((t) => [t.idx, zeroCounts()]));
  for (const r of s.get('SELECT task_idx, state, count FROM task_counts WHERE count != 0').all() as Array<{ task_idx: number; state: number; count: number }>) {
    const entry = counts.get(r.task_idx);
    if (entry) entry[stateName(r.state)] += r.count;
  }
  return tasks.map(({ idx, label }) => {
    const byState = counts.get(idx) as TaskCounts['counts'];
    return { label, counts: byState, total: Object.values(byState).reduce((a, b) => a + b, 0) };
  });
}

/** Every (label, state, count) the table and a GROUP BY over jobs disagree on; empty when consistent. */
export function labelCountMismatches(s: Statements): string[] {
  const rows = s.get(`
    SELECT label_idx, state, SUM(kept) AS kept, SUM(actual) AS actual FROM (
      SELECT label_idx, state, count AS kept, 0 AS actual FROM label_counts
      UNION ALL SELECT label_idx, state, 0, COUNT(*) FROM jobs GROUP BY label_idx, state)
    GROUP BY label_idx, state HAVING SUM(kept) != SUM(actual)`).all() as Array<{ label_idx: number; state: number; kept: number; actual: number }>;
  return rows.map((r) => `label_counts says label ${r.label_idx} has ${r.kept} ${stateName(r.state)} jobs, the jobs table ${r.actual}`);
}

/** Every (task, state, count) task_counts and the jobs (with their job_tasks) disagree on; empty when consistent. */
export function taskCountMismatches(s: Statements): string[] {
  const rows = s.get(`
    SELECT task_idx, state, SUM(kept) AS kept, SUM(actual) AS actual FROM (
      SELECT task_idx, state, count AS kept, 0 AS actual FROM task_counts
      UNION ALL SELECT task_idx, state, 0, SUM(quanta_count) FROM jobs WHERE task_idx IS NOT NULL GROUP BY task_idx, state
      UNION ALL SELECT t.task_idx, j.state, 0, SUM(t.quanta) FROM job_tasks t JOIN jobs j ON j.id = t.job_id GROUP BY t.task_idx, j.state)
    GROUP BY task_idx, state HAVING SUM(kept) != SUM(actual)`).all() as Array<{ task_idx: number; state: number; kept: number; actual: number }>;
  return rows.map((r) => `task_counts says task ${r.task_idx} has ${r.kept} ${stateName(r.state)} quanta, the jobs table ${r.actual}`);
}
