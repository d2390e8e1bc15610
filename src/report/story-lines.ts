/**
 * One story line per logged event (report/job-story.ts says what each field means). The detail of an
 * event is what state/apply-round.ts, the driver and app/driver-events.ts wrote; read defensively, since a
 * run made by an older bps-ts lacks some fields.
 */
import { shortName } from '../model/job-name.js';
import type { JobOutcome } from '../model/outcome.js';
import { describeOutcome } from '../model/outcome-text.js';
import type { AttemptRow, DriverRef, FailedAncestor, LoggedEvent, StoryEvent, StoryInputs, StoryLine } from './job-story.js';

/** A line before its time is attached. */
export type Line = Omit<StoryLine, 'time'>;

const field = (detail: unknown, key: string): unknown => (typeof detail === 'object' && detail !== null ? (detail as Record<string, unknown>)[key] : undefined);
const num = (detail: unknown, key: string): number | undefined => (typeof field(detail, key) === 'number' ? (field(detail, key) as number) : undefined);
const str = (detail: unknown, key: string): string | undefined => (typeof field(detail, key) === 'string' ? (field(detail, key) as string) : undefined);

/** A driver named in an event detail, if it names one. */
export function driverOf(detail: unknown): DriverRef | undefined {
  const pid = num(detail, 'pid');
  const host = str(detail, 'host');
  if (pid === undefined || host === undefined) return undefined;
  const slurmJobId = str(detail, 'slurmJobId');
  return { pid, host, ...(slurmJobId === undefined ? {} : { slurmJobId }) };
}

/** `driver pid 123 on host n1 (allocation 77)`. */
export function driverText(d: DriverRef | undefined): string {
  if (!d) return 'the previous driver';
  return `driver pid ${d.pid} on ${d.host}${d.slurmJobId === undefined ? '' : ` (allocation ${d.slurmJobId})`}`;
}

/** `12.3 s`, `4 min 5 s`. */
export function duration(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  return s < 120 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

function outcomeOf(detail: unknown): JobOutcome | undefined {
  const outcome = field(detail, 'outcome');
  return typeof field(outcome, 'kind') === 'string' ? (outcome as JobOutcome) : undefined;
}

const line = (at: number, event: StoryEvent, text: string, extra: Partial<Line> = {}): Line => ({ at, event, text, ...extra });

/** The ending of one attempt: succeeded, retried (with which memory), lost, interrupted, cancelled or failed. */
function attemptEnded(e: LoggedEvent, inputs: StoryInputs): Line {
  const attempt = num(e.detail, 'attempt') ?? 0;
  const outcome = outcomeOf(e.detail);
  const row = inputs.attempts.find((a) => a.attempt === attempt);
  const reason = str(e.detail, 'reason');
  const ending = { attempt, exitCode: row?.exitCode ?? (outcome?.kind === 'exited' ? outcome.exitCode : null), signal: row?.signal ?? (outcome?.kind === 'signaled' ? outcome.signal : null) };
  const what = outcome ? describeOutcome(outcome) : 'ended';
  const state = str(e.detail, 'state');
  if (state === 'SUCCEEDED') {
    const ran = row?.startedAt != null ? ` after ${duration(e.at - row.startedAt)}` : '';
    return line(e.at, 'succeeded', `attempt ${attempt} succeeded${ran}`, ending);
  }
  if (state === 'DELETED') return line(e.at, 'cancelled', `attempt ${attempt} stopped: ${reason ?? 'cancelled'}`, ending);
  if (state === 'FAILED') return line(e.at, 'failed', `attempt ${attempt} failed for good: ${reason ?? what}`, { ...ending, ...(reason ? { reason } : {}) });
  if (outcome?.kind === 'lost') return line(e.at, 'lost', `attempt ${attempt} ${what}: rerun without using a retry`, { ...ending, reason: outcome.reason });
  if (outcome?.kind === 'cancelled') return line(e.at, 'interrupted', `attempt ${attempt} stopped when its driver was interrupted: it reruns on restart without using a retry`, ending);
  return line(e.at, 'retried', `attempt ${attempt} ended (${what}): ${retryText(e.detail, row, inputs.numberOfRetries)}`, { ...ending, ...nextMemory(e.detail) });
}

function nextMemory(detail: unknown): Partial<Line> {
  const memoryMiB = num(detail, 'memoryMiB');
  return memoryMiB === undefined ? {} : { memoryMiB };
}

/** `retry 1 of 3, with 4096 MiB instead of 2048 MiB (memoryMultiplier)`. */
function retryText(detail: unknown, row: AttemptRow | undefined, numberOfRetries: number | undefined): string {
  const used = num(detail, 'retriesUsed');
  const count = used === undefined ? 'retried' : `retry ${used}${numberOfRetries === undefined ? '' : ` of ${numberOfRetries} (numberOfRetries)`}`;
  const next = num(detail, 'memoryMiB');
  if (next === undefined) return count;
  const before = row?.memoryMiB ?? undefined;
  return before !== undefined && before !== next ? `${count}, with ${next} MiB instead of ${before} MiB (memoryMultiplier)` : `${count}, with ${next} MiB again`;
}

function pruned(e: LoggedEvent, ancestor: FailedAncestor | undefined): Line {
  if (!ancestor) return line(e.at, 'pruned', `pruned: ${str(e.detail, 'reason') ?? 'an ancestor failed'}`);
  const how = ancestor.reason ?? (ancestor.exitCode !== null ? `exit code ${ancestor.exitCode}` : 'failed');
  return line(e.at, 'pruned', `pruned: its ancestor ${shortName(ancestor.name)} (${ancestor.label}) failed: ${how}`, {
    job: { name: ancestor.name, label: ancestor.label, state: ancestor.state }, exitCode: ancestor.exitCode, signal: ancestor.signal, ...(ancestor.reason ? { reason: ancestor.reason } : {}),
  });
}

function adopted(e: LoggedEvent, adopter: DriverRef | undefined): Line {
  const attempt = num(e.detail, 'attempt') ?? 0;
  const previous = driverOf(field(e.detail, 'previousDriver'));
  const died = previous ? `${driverText(previous)} died` : 'the previous driver stopped';
  const by = adopter ? ` by ${driverText(adopter)}` : '';
  const refs = { attempt, ...(adopter ? { driver: adopter } : {}), ...(previous ? { previousDriver: previous } : {}) };
  const status = str(e.detail, 'status');
  if (status === 'alive') return line(e.at, 'adopted', `attempt ${attempt} was still running after ${died}: adopted${by}, not started again`, refs);
  if (status === 'finished') return line(e.at, 'adopted', `attempt ${attempt} had ended while no driver ran (${died}): settled from its exit file${by}`, refs);
  return line(e.at, 'adopted', `attempt ${attempt} left no trace after ${died}: rerun${by} without using a retry`, refs);
}

/** The line of one of the job's own events; `adopter` is the driver that started last before it. */
export function jobEventLine(e: LoggedEvent, inputs: StoryInputs, adopter: DriverRef | undefined): Line | undefined {
  const reason = str(e.detail, 'reason');
  const why = reason === undefined ? {} : { reason };
  switch (e.type) {
    case 'attempt-ended':
      return attemptEnded(e, inputs);
    case 'failed':
      return line(e.at, 'failed', `failed: ${reason ?? 'no reason recorded'}`, why);
    case 'pruned':
      return pruned(e, inputs.ancestors.get(e.seq));
    case 'deleted':
      return line(e.at, 'cancelled', `cancelled (was ${str(e.detail, 'from') ?? '?'}): ${reason ?? 'by bps cancel'}`, why);
    case 'held':
      return line(e.at, 'held', `held by the batch system: ${reason ?? 'no reason given'}`, why);
    case 'released':
      return line(e.at, 'released', `released from hold, now ${str(e.detail, 'to') ?? '?'}${reason ? ` (${reason})` : ''}`, why);
    case 'reopened':
      return line(e.at, 'reopened', `waits to run again (was ${str(e.detail, 'from') ?? '?'}): ${reason ?? 'reopened'}`, why);
    case 'adopted':
      return adopted(e, adopter);
    default:
      return undefined; // an event type this version does not tell
  }
}

/** The line of a run-level event that concerns a job waiting or running in its time. */
export function runEventLine(e: LoggedEvent, label: string, driver: DriverRef | undefined): Line | undefined {
  if (e.type === 'driver-started') {
    const me = driverOf(e.detail);
    const previous = driverOf(field(e.detail, 'previous'));
    const died = previous ? `; ${driverText(previous)} had died without clearing its record` : '';
    return line(e.at, 'driver-started', `${driverText(me)} started${died}`, { ...(me ? { driver: me } : {}), ...(previous ? { previousDriver: previous } : {}) });
  }
  if (e.type === 'driver-ended') {
    const me = driverOf(e.detail);
    const how = str(e.detail, 'how') ?? 'ended';
    if (how === 'handed-back') return line(e.at, 'handed-back', `${driverText(me)} handed its allocation back (exit 75): no ready job fitted in its time left; the next allocation goes on`, me ? { driver: me } : {});
    return line(e.at, 'driver-ended', `${driverText(me)} ended: ${ENDINGS[how] ?? how}`, me ? { driver: me } : {});
  }
  if (e.type === 'deferred') {
    const labels = field(e.detail, 'labels');
    const mine = Array.isArray(labels) ? labels.find((l) => field(l, 'label') === label) : undefined;
    if (mine === undefined) return undefined;
    const reason = str(mine, 'reason') ?? 'no room in what is left of the allocation';
    const jobs = num(mine, 'jobs') ?? 1;
    const others = jobs > 1 ? ` (${jobs} ${label} jobs deferred in that round)` : '';
    return line(e.at, 'deferred', `not started by ${driverText(driver)}: ${reason}; it waits for a later allocation${others}`, { reason, ...(driver ? { driver } : {}) });
  }
  return undefined;
}

const ENDINGS: Record<string, string> = {
  finished: 'nothing was left that it could run',
  interrupted: "interrupted (Ctrl-C or SIGTERM); 'bps restart' resumes the run",
  cancelled: 'the run was cancelled (bps cancel)',
  error: 'stopped by an error (see its output)',
};
