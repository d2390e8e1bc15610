/**
 * applyRound: one scheduler round's changes committed in ONE transaction (about 12x faster than
 * autocommit here, and a reader never sees half a round): job rows, attempt rows, events, label counts
 * and the run's state move together.
 */
import { StateError } from '../errors.js';
import { IN_FLIGHT_CODES, isStateCode, JobState, countSlot, stateName } from '../model/job-state.js';
import type { JobOutcome } from '../model/outcome.js';
import { closeAttempt, openAttempt, setAttemptHandle, setAttemptUsage } from './attempts.js';
import { appendEvent } from './events.js';
import { addToCounts } from './labels.js';
import { setRunStateRow } from './run-table.js';
import type { Statements } from './statements.js';
import type { RoundChanges, Transition } from './types.js';

interface DbJobBefore {
  state: number; label_idx: number; attempt: number; memory_mib: number; task_idx: number | null; quanta_count: number;
}

/** Per-(label, state) and per-(task, state) count deltas of one round, in countSlot layout. */
interface Deltas {
  readonly labels: Map<number, number>;
  readonly tasks: Map<number, number>;
}

const UPDATE_JOB = `UPDATE jobs SET state = @state,
    attempt = COALESCE(@attempt, attempt), memory_mib = COALESCE(@memory, memory_mib), retries_used = COALESCE(@retries, retries_used),
    exit_code = CASE WHEN @setExit = 1 THEN @exitCode ELSE exit_code END,
    external_id = CASE @handleMode WHEN 'set' THEN @externalId WHEN 'clear' THEN NULL ELSE external_id END,
    detail = CASE @handleMode WHEN 'set' THEN @detail WHEN 'clear' THEN NULL ELSE detail END,
    reason = @reason, updated_at = @at
  WHERE id = @id`;

/** States whose entry is worth an event of its own (attempt endings are logged with their outcome). */
const LOGGED_STATES = new Set<number>([JobState.FAILED, JobState.PRUNED, JobState.DELETED, JobState.HELD]);
/** States a job ends in; leaving one is logged as a reopening. */
const SETTLED_STATES = new Set<number>([JobState.SUCCEEDED, JobState.FAILED, JobState.PRUNED, JobState.DELETED]);

/** Commits `changes` in one transaction; throws StateError (and commits nothing) on an unknown job or state. */
export function applyRound(s: Statements, changes: RoundChanges): void {
  s.db.transaction(() => {
    const deltas: Deltas = { labels: new Map(), tasks: new Map() };
    for (const t of changes.transitions) applyTransition(s, t, deltas);
    addToCounts(s, 'label_counts', deltas.labels);
    addToCounts(s, 'task_counts', deltas.tasks);
    for (const u of changes.usage ?? []) setAttemptUsage(s, u.job + 1, u.attempt, u.usage);
    for (const e of changes.events ?? []) appendEvent(s, e.at, e.job === undefined ? null : e.job + 1, e.type, e.detail);
    if (changes.runState !== undefined) setRunState(s, changes.runState, changes.transitions.at(-1)?.at ?? Date.now());
  }).immediate();
}

function setRunState(s: Statements, state: NonNullable<RoundChanges['runState']>, at: number): void {
  const current = s.get('SELECT state FROM run WHERE id = 1').pluck().get() as string | undefined;
  if (current === state) return;
  setRunStateRow(s, state, at);
  appendEvent(s, at, null, 'run-state', { from: current, to: state });
}

function bump(deltas: Map<number, number>, key: number, by: number): void {
  deltas.set(key, (deltas.get(key) ?? 0) + by);
}

/** The job's task labels and quanta of each: most jobs have one (in the jobs row), a mixed cluster several. */
function tasksOfJob(s: Statements, id: number, job: DbJobBefore): Array<[number, number]> {
  if (job.task_idx !== null) return [[job.task_idx, job.quanta_count]];
  if (job.quanta_count === 0) return [];
  return s.get('SELECT task_idx, quanta FROM job_tasks WHERE job_id = ?').raw().all(id) as Array<[number, number]>;
}

function exitCodeOf(t: Transition): number | null | undefined {
  if (t.exitCode !== undefined) return t.exitCode;
  return t.outcome?.kind === 'exited' ? t.outcome.exitCode : undefined;
}

function applyTransition(s: Statements, t: Transition, deltas: Deltas): void {
  const id = t.job + 1;
  const before = s.get('SELECT state, label_idx, attempt, memory_mib, task_idx, quanta_count FROM jobs WHERE id = ?').get(id) as DbJobBefore | undefined;
  if (!before) throw new StateError(`The scheduler changed job ${t.job}, which this run does not have.`);
  if (!isStateCode(t.state)) throw new StateError(`The scheduler set job ${t.job} to state ${t.state}, which is no JobState code.`);
  if (before.state !== t.state) {
    bump(deltas.labels, countSlot(before.label_idx, before.state), -1);
    bump(deltas.labels, countSlot(before.label_idx, t.state), 1);
    // Each of the job's quanta counts in its task label's row, in the job's state.
    for (const [task, quanta] of tasksOfJob(s, id, before)) {
      bump(deltas.tasks, countSlot(task, before.state), -quanta);
      bump(deltas.tasks, countSlot(task, t.state), quanta);
    }
  }
  const exitCode = exitCodeOf(t);
  const handleMode = t.handle === undefined ? 'keep' : t.handle === null ? 'clear' : 'set';
  s.get(UPDATE_JOB).run({
    id, state: t.state, attempt: t.attempt ?? null, memory: t.memoryMiB ?? null, retries: t.retriesUsed ?? null,
    exitCode: exitCode ?? null, setExit: exitCode === undefined ? 0 : 1,
    handleMode, externalId: t.handle?.externalId ?? null, detail: t.handle?.detail ?? null, reason: t.reason ?? null, at: t.at,
  });
  recordEvent(s, t, before, recordAttempt(s, t, before, exitCode ?? null));
}

/**
 * Opens, updates or closes the attempts row the transition concerns; returns how it closed an attempt that
 * left the executor without a reported ending, if it did.
 */
function recordAttempt(s: Statements, t: Transition, before: DbJobBefore, exitCode: number | null): 'lost' | 'cancelled' | undefined {
  const id = t.job + 1;
  const attempt = t.attempt ?? before.attempt;
  if (t.attempt !== undefined) {
    const handle = t.handle ?? null;
    openAttempt(s, { jobId: id, attempt, externalId: handle?.externalId ?? null, detail: handle?.detail ?? null, memoryMiB: t.memoryMiB ?? before.memory_mib, at: t.at });
  }
  const started = t.state === JobState.RUNNING && before.state !== JobState.RUNNING;
  if (t.handle || started) setAttemptHandle(s, id, attempt, t.handle?.externalId ?? null, t.handle?.detail ?? null, started ? t.at : null);
  const end = { at: t.at, exitCode, signal: signalOf(t.outcome), reason: t.reason ?? null };
  if (t.outcome) closeAttempt(s, id, attempt, { ...end, outcome: t.outcome.kind, usage: t.usage });
  else if (IN_FLIGHT_CODES.includes(before.state) && !IN_FLIGHT_CODES.includes(t.state)) {
    // Left the executor without a reported ending: cancelled by the user, or lost with a dead driver.
    const outcome = t.state === JobState.DELETED ? 'cancelled' : 'lost';
    closeAttempt(s, id, attempt, { ...end, outcome });
    return outcome;
  }
  return undefined;
}

/**
 * The run's log, one event per decision, never per round: attempt endings (with the next attempt's memory
 * and retries used when it is retried), losses without a reported ending (a driver's restart found no
 * trace), entries into FAILED, PRUNED (naming the failed ancestor), DELETED and HELD, a HELD job released,
 * and a settled job waiting again (restart --retry-failed, a restart after a cancel, a finalJob due again).
 * `bps explain` tells a job's story from these and the attempts rows.
 */
function recordEvent(s: Statements, t: Transition, before: DbJobBefore, closed: 'lost' | 'cancelled' | undefined): void {
  const id = t.job + 1;
  const attempt = t.attempt ?? before.attempt;
  if (t.outcome || (closed === 'lost' && !LOGGED_STATES.has(t.state))) {
    const outcome = t.outcome ?? { kind: 'lost', reason: t.reason ?? 'left the executor without a reported ending' };
    const next = t.state === JobState.READY && t.memoryMiB !== undefined ? { memoryMiB: t.memoryMiB, retriesUsed: t.retriesUsed } : {};
    appendEvent(s, t.at, id, 'attempt-ended', { attempt, outcome, state: stateName(t.state), reason: t.reason, ...next, ...(t.usage ? { usage: t.usage } : {}) });
  } else if (before.state === t.state) {
    return;
  } else if (LOGGED_STATES.has(t.state)) {
    const ancestor = t.ancestor === undefined ? {} : { ancestor: t.ancestor + 1 };
    appendEvent(s, t.at, id, stateName(t.state).toLowerCase(), { from: stateName(before.state), reason: t.reason, ...ancestor });
  } else if (SETTLED_STATES.has(before.state)) {
    appendEvent(s, t.at, id, 'reopened', { from: stateName(before.state), to: stateName(t.state), reason: t.reason });
  } else if (before.state === JobState.HELD) {
    appendEvent(s, t.at, id, 'released', { to: stateName(t.state), reason: t.reason });
  }
}

function signalOf(outcome: JobOutcome | undefined): string | null {
  return outcome?.kind === 'signaled' ? outcome.signal : null;
}
