import type { JobHandle, JobOutcome } from '../executors/types.js';
import type { Transition, RoundChanges } from '../scheduler/round.js';
import { JobState, type JobStateName, type LabelSpec } from '../workflow/types.js';
import { corrupt, openDatabase, type Db } from './db.js';
import type { RunRecord, SchedulingSnapshot, SiteSettings } from './types.js';

const STATE_NAME = new Map<number, JobStateName>(Object.entries(JobState).map(([name, code]) => [code, name as JobStateName]));
const IN_FLIGHT = [JobState.PENDING, JobState.RUNNING, JobState.HELD];

interface DbRun {
  run_id: string; name: string; uniq_proc_name: string; submit_dir: string; operator: string; project: string;
  campaign: string; payload_name: string; site: string; state: string;
}

/**
 * One run's bps.sqlite. The driver is its only writer and commits each scheduler round in one
 * transaction ({@link applyRound}); `status` and `report` open it read-only while a driver runs.
 */
export class RunDatabase {
  private readonly db: Db;
  private readonly statements: ReturnType<typeof prepare>;

  private constructor(db: Db, readonly path: string) {
    this.db = db;
    this.statements = prepare(db);
  }

  static open(path: string, options: { readonly?: boolean } = {}): RunDatabase {
    const db = openDatabase(path, options);
    try {
      return new RunDatabase(db, path);
    } catch (error) {
      db.close();
      throw corrupt(path, error);
    }
  }

  run(): RunRecord {
    const row = this.db.prepare('SELECT * FROM run WHERE id = 1').get() as DbRun | undefined;
    if (!row) throw corrupt(this.path, new Error('no run row'));
    return {
      id: row.run_id, name: row.name, uniqProcName: row.uniq_proc_name, submitDir: row.submit_dir, operator: row.operator,
      project: row.project, campaign: row.campaign, payloadName: row.payload_name, computeSite: (JSON.parse(row.site) as SiteSettings).name,
      state: row.state as JobStateName,
    };
  }

  site(): SiteSettings {
    return JSON.parse((this.db.prepare('SELECT site FROM run WHERE id = 1').get() as { site: string }).site) as SiteSettings;
  }

  labels(): Array<{ label: string; kind: string; expected: number }> {
    return this.db.prepare('SELECT label, kind, expected FROM labels ORDER BY idx').all() as Array<{ label: string; kind: string; expected: number }>;
  }

  labelSpecs(): Map<string, LabelSpec> {
    const rows = this.db.prepare('SELECT label, spec FROM labels ORDER BY idx').all() as Array<{ label: string; spec: string }>;
    return new Map(rows.map((r) => [r.label, JSON.parse(r.spec) as LabelSpec]));
  }

  /** Everything the scheduler keeps in memory, as typed arrays indexed by job index. */
  snapshot(): SchedulingSnapshot {
    const labels = this.labels();
    const count = (this.db.prepare('SELECT COUNT(*) AS n FROM jobs').get() as { n: number }).n;
    const snap = {
      labels: labels.map((l) => l.label),
      labelOf: new Uint16Array(count), states: new Uint8Array(count), attempt: new Uint16Array(count),
      retriesUsed: new Uint16Array(count), memoryMiB: new Uint32Array(count),
    };
    for (const row of this.db.prepare('SELECT id, label_idx, state, attempt, retries_used, memory_mib FROM jobs').raw().iterate() as Iterable<number[]>) {
      const i = (row[0] as number) - 1;
      snap.labelOf[i] = row[1] as number;
      snap.states[i] = row[2] as number;
      snap.attempt[i] = row[3] as number;
      snap.retriesUsed[i] = row[4] as number;
      snap.memoryMiB[i] = row[5] as number;
    }
    const edgeCount = (this.db.prepare('SELECT COUNT(*) AS n FROM edges').get() as { n: number }).n;
    const edgeFrom = new Uint32Array(edgeCount);
    const edgeTo = new Uint32Array(edgeCount);
    let e = 0;
    for (const row of this.db.prepare('SELECT parent, child FROM edges').raw().iterate() as Iterable<number[]>) {
      edgeFrom[e] = (row[0] as number) - 1;
      edgeTo[e] = (row[1] as number) - 1;
      e += 1;
    }
    const finalIdx = labels.findIndex((l) => l.kind === 'final');
    const finalRow = finalIdx < 0 ? undefined : (this.db.prepare('SELECT id FROM jobs WHERE label_idx = ?').get(finalIdx) as { id: number } | undefined);
    const always = finalRow !== undefined && !edgeTo.includes(finalRow.id - 1);
    return { ...snap, edgeFrom, edgeTo, finalJob: finalRow ? { index: finalRow.id - 1, always } : undefined };
  }

  job(index: number): { name: string; label: string; quanta: string } {
    const row = this.statements.job.get(index + 1) as { name: string; label: string; quanta: string } | undefined;
    if (!row) throw new RangeError(`no job ${index} in ${this.path}`);
    return row;
  }

  /** Attempts an earlier driver left queued or running, with their handles. */
  inFlight(): JobHandle[] {
    const rows = this.db
      .prepare(`SELECT id, name, attempt, external_id, start_ticks FROM jobs WHERE state IN (${IN_FLIGHT.join(',')})`)
      .all() as Array<{ id: number; name: string; attempt: number; external_id: string | null; start_ticks: number | null }>;
    // A job recorded PENDING whose launch answer never arrived has no external id: '' tells the executor
    // to look for it by its files (the local pool's pid file), never to assume it did not start.
    return rows.map((r) => ({
      jobId: r.id,
      attempt: r.attempt,
      externalId: r.external_id ?? '',
      ...(r.start_ticks === null ? {} : { startTicks: r.start_ticks }),
      exitPath: `${this.submitDir()}/logging/${r.name}.${r.attempt}.exit`,
    }));
  }

  private submitDir(): string {
    return (this.db.prepare('SELECT submit_dir FROM run WHERE id = 1').get() as { submit_dir: string }).submit_dir;
  }

  /** Per label (pipeline order), the number of jobs in each state: O(labels) from label_counts. */
  labelCounts(): Array<{ label: string; counts: Partial<Record<JobStateName, number>> }> {
    const labels = this.labels();
    const result = labels.map((l) => ({ label: l.label, counts: {} as Partial<Record<JobStateName, number>> }));
    for (const row of this.db.prepare('SELECT label_idx, state, count FROM label_counts WHERE count > 0').all() as Array<{ label_idx: number; state: number; count: number }>) {
      const name = STATE_NAME.get(row.state);
      const entry = result[row.label_idx];
      if (name && entry) entry.counts[name] = row.count;
    }
    return result;
  }

  /** Failed jobs with what a report needs. */
  failedJobs(): Array<{ id: number; name: string; label: string; dataId: unknown; exitCode: number | null; attempt: number; reason: string | null }> {
    const rows = this.db
      .prepare(`SELECT j.id, j.name, l.label, j.data_id, j.exit_code, j.attempt, j.reason FROM jobs j JOIN labels l ON l.idx = j.label_idx WHERE j.state = ${JobState.FAILED} ORDER BY j.id`)
      .all() as Array<{ id: number; name: string; label: string; data_id: string | null; exit_code: number | null; attempt: number; reason: string | null }>;
    return rows.map((r) => ({ id: r.id, name: r.name, label: r.label, dataId: r.data_id === null ? null : JSON.parse(r.data_id), exitCode: r.exit_code, attempt: r.attempt, reason: r.reason }));
  }

  /** Jobs named `nameOrLabel`, else the jobs of that label, failed ones first. */
  findJobs(nameOrLabel: string): Array<{ name: string; label: string; attempt: number; state: JobStateName }> {
    const rows = this.db
      .prepare(`SELECT j.name, l.label, j.attempt, j.state FROM jobs j JOIN labels l ON l.idx = j.label_idx
                WHERE j.name = ? OR (l.label = ? AND NOT EXISTS (SELECT 1 FROM jobs WHERE name = ?))
                ORDER BY j.state = ${JobState.FAILED} DESC, j.id LIMIT 1000`)
      .all(nameOrLabel, nameOrLabel, nameOrLabel) as Array<{ name: string; label: string; attempt: number; state: number }>;
    return rows.map((r) => ({ ...r, state: STATE_NAME.get(r.state) ?? 'UNKNOWN' }));
  }

  /** Every job's name and label, by job index (for `bps graph`). */
  jobNames(): Array<{ name: string; label: string }> {
    return this.db.prepare('SELECT j.name, l.label FROM jobs j JOIN labels l ON l.idx = j.label_idx ORDER BY j.id').all() as Array<{ name: string; label: string }>;
  }

  setRunState(state: JobStateName): void {
    this.db.prepare('UPDATE run SET state = ?, updated_at = ? WHERE id = 1').run(state, new Date().toISOString());
  }

  /** Commits one scheduler round in one transaction: jobs, attempts, events and label counts together. */
  commit(changes: RoundChanges): void {
    this.db.transaction(() => {
      for (const t of changes.transitions) this.applyTransition(t);
    })();
  }

  private applyTransition(t: Transition): void {
    const s = this.statements;
    const id = t.job + 1;
    const before = s.current.get(id) as { state: number; label_idx: number; attempt: number };
    if (before.state !== t.state) {
      s.count.run(before.label_idx, before.state, -1);
      s.count.run(before.label_idx, t.state, 1);
    }
    const handle = t.handle === undefined ? 'keep' : t.handle === null ? 'clear' : 'set';
    s.update.run({
      id, state: t.state, attempt: t.attempt ?? null, memory: t.memoryMiB ?? null, retries: t.retriesUsed ?? null,
      exitCode: t.exitCode === undefined ? null : t.exitCode, setExit: t.exitCode === undefined ? 0 : 1,
      handleMode: handle, externalId: t.handle ? t.handle.externalId : null, startTicks: t.handle?.startTicks ?? null,
      reason: t.reason ?? null, at: t.at,
    });
    const attempt = t.attempt ?? before.attempt;
    if (t.attempt !== undefined && t.state === JobState.PENDING) s.attemptInsert.run(id, attempt, t.handle?.externalId ?? null, t.handle?.startTicks ?? null, t.memoryMiB ?? null, t.at);
    else if (t.handle) s.attemptHandle.run(t.handle.externalId, t.handle.startTicks ?? null, t.state === JobState.RUNNING ? t.at : null, id, attempt);
    if (t.outcome) {
      s.attemptEnd.run(t.at, t.outcome.kind, t.exitCode ?? null, signalOf(t.outcome), t.reason ?? null, id, attempt);
      s.event.run(t.at, id, 'attempt-ended', JSON.stringify({ attempt, outcome: t.outcome, state: STATE_NAME.get(t.state), reason: t.reason }));
    } else if (t.state === JobState.FAILED || t.state === JobState.PRUNED || t.state === JobState.DELETED) {
      s.event.run(t.at, id, STATE_NAME.get(t.state)?.toLowerCase() ?? 'state', JSON.stringify({ reason: t.reason }));
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function signalOf(outcome: JobOutcome): string | null {
  return outcome.kind === 'signaled' ? outcome.signal : null;
}

function prepare(db: Db) {
  const writable = !db.readonly;
  return {
    job: db.prepare('SELECT j.name, l.label, j.quanta FROM jobs j JOIN labels l ON l.idx = j.label_idx WHERE j.id = ?'),
    current: db.prepare('SELECT state, label_idx, attempt FROM jobs WHERE id = ?'),
    ...(writable ? writeStatements(db) : ({} as ReturnType<typeof writeStatements>)),
  };
}

function writeStatements(db: Db) {
  return {
    count: db.prepare(
      'INSERT INTO label_counts (label_idx, state, count) VALUES (?, ?, ?) ON CONFLICT (label_idx, state) DO UPDATE SET count = count + excluded.count',
    ),
    update: db.prepare(`UPDATE jobs SET state = @state,
        attempt = COALESCE(@attempt, attempt), memory_mib = COALESCE(@memory, memory_mib), retries_used = COALESCE(@retries, retries_used),
        exit_code = CASE WHEN @setExit = 1 THEN @exitCode ELSE exit_code END,
        external_id = CASE @handleMode WHEN 'set' THEN @externalId WHEN 'clear' THEN NULL ELSE external_id END,
        start_ticks = CASE @handleMode WHEN 'set' THEN @startTicks WHEN 'clear' THEN NULL ELSE start_ticks END,
        reason = @reason, updated_at = @at
      WHERE id = @id`),
    attemptInsert: db.prepare('INSERT OR REPLACE INTO attempts (job_id, attempt, external_id, start_ticks, memory_mib, submitted_at) VALUES (?, ?, ?, ?, ?, ?)'),
    attemptHandle: db.prepare('UPDATE attempts SET external_id = ?, start_ticks = COALESCE(?, start_ticks), started_at = COALESCE(?, started_at) WHERE job_id = ? AND attempt = ?'),
    attemptEnd: db.prepare('UPDATE attempts SET ended_at = ?, outcome = ?, exit_code = ?, signal = ?, reason = ? WHERE job_id = ? AND attempt = ?'),
    event: db.prepare('INSERT INTO events (at, job_id, type, detail) VALUES (?, ?, ?, ?)'),
  };
}
