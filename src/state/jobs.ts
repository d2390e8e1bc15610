/** Reads of the `jobs` table for the verbs: details on demand, in-flight and failed jobs, jobs of a label. */
import type { DataId } from '../model/data-id.js';
import { IN_FLIGHT_CODES, JobState, STATE_NAMES, stateName, type JobStateName } from '../model/job-state.js';
import type { Statements } from './statements.js';
import type { FailedJob, InFlightJob, JobDetails, LabelInfo } from './types.js';

interface DbJob {
  id: number; name: string; label_idx: number; quanta: string; data_id: string | null; state: number;
  attempt: number; memory_mib: number; exit_code: number | null; reason: string | null;
}

const COLUMNS = 'j.id, j.name, j.label_idx, j.quanta, j.data_id, j.state, j.attempt, j.memory_mib, j.exit_code, j.reason';

function parseDataId(json: string | null): DataId | null {
  return json === null ? null : (JSON.parse(json) as DataId);
}

function details(r: DbJob, labels: readonly LabelInfo[]): JobDetails {
  return {
    id: r.id, index: r.id - 1, name: r.name, label: labels[r.label_idx]?.label ?? `#${r.label_idx}`, quanta: r.quanta,
    dataId: parseDataId(r.data_id), state: stateName(r.state), attempt: r.attempt, memoryMiB: r.memory_mib, exitCode: r.exit_code, reason: r.reason,
  };
}

/** Jobs by id (= index + 1), in the order asked; ids that do not exist are left out. One statement per batch. */
export function jobsByIds(s: Statements, labels: readonly LabelInfo[], ids: ArrayLike<number>): JobDetails[] {
  const rows = s.get(`SELECT ${COLUMNS} FROM json_each(?) AS k JOIN jobs j ON j.id = k.value ORDER BY k.key`).all(JSON.stringify(Array.from(ids))) as DbJob[];
  return rows.map((r) => details(r, labels));
}

/** What launching a job needs of its row: name, label, quanta and its own wall time request (schema 4 on). */
export function launchRecord(s: Statements, labels: readonly LabelInfo[], id: number): { name: string; label: string; quanta: string; walltimeSec: number | null } | undefined {
  const row = s.get('SELECT name, label_idx, quanta, walltime_sec FROM jobs WHERE id = ?').get(id) as { name: string; label_idx: number; quanta: string; walltime_sec: number | null } | undefined;
  return row && { name: row.name, label: labels[row.label_idx]?.label ?? `#${row.label_idx}`, quanta: row.quanta, walltimeSec: row.walltime_sec };
}

/** One job by name. */
export function jobByName(s: Statements, labels: readonly LabelInfo[], name: string): JobDetails | undefined {
  const row = s.get(`SELECT ${COLUMNS} FROM jobs j WHERE j.name = ?`).get(name) as DbJob | undefined;
  return row && details(row, labels);
}

/** Options of {@link jobsByLabel}. */
export interface JobsByLabelOptions {
  /** Only jobs in these states. @default every state */
  readonly states?: readonly JobStateName[];
  /** @default no limit */
  readonly limit?: number;
  /** @default 0 */
  readonly offset?: number;
}

/**
 * Jobs of a label in id order. Always filtered by a state list (every state when none is given) so the
 * (state, label_idx) index answers it with one probe per state instead of a scan of all jobs.
 */
export function jobsByLabel(s: Statements, labels: readonly LabelInfo[], labelIdx: number, options: JobsByLabelOptions = {}): JobDetails[] {
  const codes = (options.states ?? STATE_NAMES).map((name) => JobState[name]);
  const rows = s
    .get(`SELECT ${COLUMNS} FROM jobs j WHERE j.state IN (SELECT value FROM json_each(?)) AND j.label_idx = ? ORDER BY j.id LIMIT ? OFFSET ?`)
    .all(JSON.stringify(codes), labelIdx, options.limit ?? -1, options.offset ?? 0) as DbJob[];
  return rows.map((r) => details(r, labels));
}

/** Jobs of more than one quantum in one of `states`, in id order, at most `limit` (for per-quantum views of clusters). */
export function clusterJobs(s: Statements, labels: readonly LabelInfo[], states: readonly JobStateName[], limit: number): JobDetails[] {
  const codes = states.map((name) => JobState[name]);
  const rows = s
    .get(`SELECT ${COLUMNS} FROM jobs j WHERE j.state IN (SELECT value FROM json_each(?)) AND j.quanta_count > 1 ORDER BY j.id LIMIT ?`)
    .all(JSON.stringify(codes), limit) as DbJob[];
  return rows.map((r) => details(r, labels));
}

/** Jobs holding quanta of task label `taskIdx` (alone, or among others in a cluster), in id order. */
export function jobsByTask(s: Statements, labels: readonly LabelInfo[], taskIdx: number, options: JobsByLabelOptions = {}): JobDetails[] {
  const codes = (options.states ?? STATE_NAMES).map((name) => JobState[name]);
  const rows = s
    .get(`SELECT ${COLUMNS} FROM jobs j WHERE j.state IN (SELECT value FROM json_each(?))
      AND (j.task_idx = ? OR j.id IN (SELECT job_id FROM job_tasks WHERE task_idx = ?)) ORDER BY j.id LIMIT ? OFFSET ?`)
    .all(JSON.stringify(codes), taskIdx, taskIdx, options.limit ?? -1, options.offset ?? 0) as DbJob[];
  return rows.map((r) => details(r, labels));
}

/** Jobs an earlier driver left queued, running or held, with their handles (exit file by the logging/ convention). */
export function inFlightJobs(s: Statements, labels: readonly LabelInfo[], submitDir: string): InFlightJob[] {
  // SELECT *: a reader may meet a schema-2 file, whose handle detail was the local start_ticks column.
  const rows = s
    .get(`SELECT * FROM jobs WHERE state IN (${IN_FLIGHT_CODES.join(',')}) ORDER BY id`)
    .all() as Array<{ id: number; name: string; label_idx: number; state: number; attempt: number; external_id: string | null; detail?: string | null; start_ticks?: number | null; reason: string | null }>;
  // A job recorded PENDING whose launch answer never arrived has no external id: '' tells the executor
  // to look for it by its files (the local pool's pid file), never to assume it did not start.
  return rows.map((r) => ({
    jobId: r.id, attempt: r.attempt, externalId: r.external_id ?? '',
    ...detailOf(r),
    exitPath: `${submitDir}/logging/${r.name}.${r.attempt}.exit`,
    name: r.name, label: labels[r.label_idx]?.label ?? `#${r.label_idx}`, state: stateName(r.state), reason: r.reason,
  }));
}

function detailOf(r: { detail?: string | null; start_ticks?: number | null }): { detail?: string } {
  if (r.detail !== undefined && r.detail !== null) return { detail: r.detail };
  return r.start_ticks === undefined || r.start_ticks === null ? {} : { detail: String(r.start_ticks) };
}

/** FAILED jobs in id order, with what `bps report` shows. */
export function failedJobs(s: Statements, labels: readonly LabelInfo[]): FailedJob[] {
  const rows = s.get(`SELECT ${COLUMNS} FROM jobs j WHERE j.state = ${JobState.FAILED} ORDER BY j.id`).all() as DbJob[];
  return rows.map((r) => ({
    id: r.id, index: r.id - 1, name: r.name, label: labels[r.label_idx]?.label ?? `#${r.label_idx}`,
    dataId: parseDataId(r.data_id), exitCode: r.exit_code, attempt: r.attempt, reason: r.reason,
  }));
}

/** The job named `nameOrLabel`, else up to 1000 jobs of that label, failed ones first (for `bps logs`). */
export function findJobs(s: Statements, labels: readonly LabelInfo[], nameOrLabel: string): JobDetails[] {
  const job = jobByName(s, labels, nameOrLabel);
  if (job) return [job];
  const labelIdx = labels.findIndex((l) => l.label === nameOrLabel);
  if (labelIdx < 0) return [];
  const rows = s.get(`SELECT ${COLUMNS} FROM jobs j WHERE j.label_idx = ? ORDER BY j.state = ${JobState.FAILED} DESC, j.id LIMIT 1000`).all(labelIdx) as DbJob[];
  return rows.map((r) => details(r, labels));
}

/**
 * Jobs whose name ends with `suffix`, in id order, at most `limit` (`bps logs RUN isr_94`). A scan of
 * the names, as no index serves a suffix; a million rows take well under a second.
 */
export function jobsBySuffix(s: Statements, labels: readonly LabelInfo[], suffix: string, limit: number): JobDetails[] {
  const rows = s.get(`SELECT ${COLUMNS} FROM jobs j WHERE substr(j.name, -length(?)) = ? ORDER BY j.id LIMIT ?`).all(suffix, suffix, limit) as DbJob[];
  return rows.map((r) => details(r, labels));
}

/** Every job's name and label by index (for `bps graph`; a million strings, so only for small runs). */
export function jobNames(s: Statements, labels: readonly LabelInfo[]): Array<{ name: string; label: string }> {
  const rows = s.get('SELECT name, label_idx FROM jobs ORDER BY id').raw().all() as Array<[string, number]>;
  return rows.map(([name, idx]) => ({ name, label: labels[idx]?.label ?? `#${idx}` }));
}
