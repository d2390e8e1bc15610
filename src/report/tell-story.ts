/**
 * `bps explain`: a job's story from the run's log. The job's own events (attempt endings, failures,
 * pruning, holds, adoptions, reopenings) and its attempts' submit and start times are told as they are;
 * the run's events (drivers starting and ending, deferrals for lack of allocation time) only while the job
 * waited or ran; and what the log does not hold on purpose, because it would be one event per job per
 * round, is derived from the state now: when its parents let it run, and which parents it still waits for.
 */
import { shortName } from '../model/job-name.js';
import type { JobStateName } from '../model/job-state.js';
import { WAITING_SHOWN, type DriverRef, type JobStory, type LoggedEvent, type StoryInputs, type StoryLine, type StoryNow } from './job-story.js';
import { driverOf, jobEventLine, runEventLine, type Line } from './story-lines.js';

const SETTLED: ReadonlySet<JobStateName> = new Set(['SUCCEEDED', 'FAILED', 'PRUNED', 'DELETED']);

/**
 * Where a line goes among lines of the same millisecond: a driver's start before what it does, an
 * attempt's submit, start and end in that order and before the next attempt, a driver's end last.
 */
const GROUP: Partial<Record<StoryLine['event'], number>> = { created: 0, 'driver-started': 1, ready: 2, reopened: 3, deferred: 4, adopted: 5, 'handed-back': 8, 'driver-ended': 8 };
const ATTEMPT_GROUP = 6;
const PHASE: Partial<Record<StoryLine['event'], number>> = { submitted: 0, started: 1 };

interface Keyed {
  readonly line: Line;
  readonly key: readonly number[];
}

function keyed(line: Line, seq: number): Keyed {
  const group = GROUP[line.event] ?? (line.attempt !== undefined ? ATTEMPT_GROUP : 7);
  const sub = group === ATTEMPT_GROUP ? (line.attempt ?? 0) * 4 + (PHASE[line.event] ?? 2) : 0;
  return { line, key: [line.at, group, sub, seq] };
}

function byKey(a: Keyed, b: Keyed): number {
  for (let i = 0; i < a.key.length; i += 1) if (a.key[i] !== b.key[i]) return (a.key[i] as number) - (b.key[i] as number);
  return 0;
}

/** Tells the story of `inputs.job`: its lines oldest first, and where it stands now. */
export function tellStory(inputs: StoryInputs): JobStory {
  const { job } = inputs;
  const created = inputs.events.find((e) => e.jobId === null && e.type === 'created');
  const ready = readyLine(inputs, created);
  const own = ownLines(inputs);
  // A job without parents (but the ALWAYS finalJob, released at the end) could run from the run's creation.
  const readyAt = ready?.at ?? (inputs.parents.length === 0 && job.kind !== 'final' ? created?.at : undefined);
  const lines = [
    ...(created ? [keyed(createdLine(created, inputs), created.seq)] : []),
    ...(ready ? [keyed(ready, 0)] : []),
    ...attemptLines(inputs),
    ...own,
    ...runLines(inputs, activeWindow(inputs, readyAt, own)),
  ];
  const told = lines.sort(byKey).map(({ line: { at, ...rest } }): StoryLine => ({ at, time: new Date(at).toISOString(), ...rest }));
  const { name, id, submitDir, state, driverAlive } = inputs.run;
  return {
    run: { name, id, submitDir, state, driverAlive },
    job: {
      name: job.name, label: job.label, state: job.state, attempts: job.attempt, dataId: job.dataId,
      quanta: inputs.tasks.reduce((n, t) => n + t.quanta, 0), tasks: inputs.tasks,
    },
    events: told,
    now: nowOf(inputs, told),
  };
}

/** Each attempt's submission (with its memory request) and start, from the attempts rows. */
function attemptLines(inputs: StoryInputs): Keyed[] {
  const idWord = inputs.run.executor === 'slurm' ? 'Slurm job' : 'pid';
  const lines: Keyed[] = [];
  for (const a of inputs.attempts) {
    const id = a.externalId ? ` (${idWord} ${a.externalId})` : '';
    const memory = a.memoryMiB === null ? {} : { memoryMiB: a.memoryMiB };
    if (a.submittedAt !== null) lines.push(keyed({ at: a.submittedAt, event: 'submitted', text: `attempt ${a.attempt} submitted asking ${a.memoryMiB ?? '?'} MiB${id}`, attempt: a.attempt, ...memory }, 0));
    if (a.startedAt !== null) lines.push(keyed({ at: a.startedAt, event: 'started', text: `attempt ${a.attempt} started`, attempt: a.attempt }, 0));
  }
  return lines;
}

/** The job's own events; an adoption names the driver that had started last before it. */
function ownLines(inputs: StoryInputs): Keyed[] {
  const lines: Keyed[] = [];
  let driver: DriverRef | undefined;
  for (const e of inputs.events) {
    if (e.jobId === inputs.job.id) {
      const l = jobEventLine(e, inputs, driver);
      if (l) lines.push(keyed(l, e.seq));
    }
    if (e.type === 'driver-started' && e.jobId === null) driver = driverOf(e.detail);
  }
  return lines;
}

/** The run's events in the job's active window, each naming the driver running then. */
function runLines(inputs: StoryInputs, window: { includes(e: LoggedEvent): boolean }): Keyed[] {
  const lines: Keyed[] = [];
  let driver: DriverRef | undefined;
  for (const e of inputs.events) {
    if (e.jobId !== null) continue;
    if (e.type === 'driver-started') driver = driverOf(e.detail);
    const l = window.includes(e) ? runEventLine(e, inputs.job.label, driver) : undefined;
    if (l) lines.push(keyed(l, e.seq));
  }
  return lines;
}

function createdLine(e: LoggedEvent, inputs: StoryInputs): Line {
  const jobs = typeof (e.detail as { jobs?: unknown } | null)?.jobs === 'number' ? ` with ${(e.detail as { jobs: number }).jobs} jobs` : '';
  const n = inputs.parents.length;
  const mine = n > 0 ? `this job waits for its ${n === 1 ? 'parent' : `${n} parents`}`
    : inputs.job.kind === 'final' ? 'the finalJob runs once every other job has settled' : 'this job has no parents, so it can run at once';
  return { at: e.at, event: 'created', text: `run created${jobs}; ${mine}` };
}

/** When the job's parents let it run: the last one's success (not logged: derived from their attempts). */
function readyLine(inputs: StoryInputs, created: LoggedEvent | undefined): Line | undefined {
  const { parents } = inputs;
  if (parents.length === 0 || parents.some((p) => p.state !== 'SUCCEEDED' || p.succeededAt === null)) return undefined;
  const last = parents.reduce((a, b) => ((b.succeededAt ?? 0) > (a.succeededAt ?? 0) ? b : a));
  const at = Math.max(last.succeededAt ?? 0, created?.at ?? 0);
  const which = parents.length === 1 ? `its parent ${shortName(last.name)} succeeded` : `its ${parents.length} parents had succeeded, the last ${shortName(last.name)} (${last.label})`;
  return { at, event: 'ready', text: `ready to run: ${which}`, job: { name: last.name, label: last.label, state: last.state } };
}

/**
 * The time the job waited or ran, from its readiness (or first submission) to its settling: the run's
 * own events in it concern the job. A deferral counts only while no attempt of the job was in flight.
 */
function activeWindow(inputs: StoryInputs, readyAt: number | undefined, own: readonly Keyed[]): { includes(e: LoggedEvent): boolean } {
  const submitted = inputs.attempts.map((a) => a.submittedAt).filter((t): t is number => t !== null);
  const start = readyAt ?? (submitted.length > 0 ? Math.min(...submitted) : undefined);
  const end = SETTLED.has(inputs.job.state) ? Math.max(...own.map((k) => k.line.at), ...inputs.attempts.map((a) => a.endedAt ?? 0)) : Infinity;
  const inFlight = (at: number) => inputs.attempts.some((a) => a.submittedAt !== null && a.submittedAt <= at && (a.endedAt === null || at < a.endedAt));
  return {
    includes: (e) => start !== undefined && e.at >= start && e.at < end && (e.type !== 'deferred' || !inFlight(e.at)),
  };
}

function nowOf(inputs: StoryInputs, lines: readonly StoryLine[]): StoryNow {
  const { job, run, parents } = inputs;
  const waiting = parents.filter((p) => p.state !== 'SUCCEEDED');
  const waitingFor = waiting.slice(0, WAITING_SHOWN).map(({ name, label, state }) => ({ name, label, state }));
  const base = nowText(inputs, lines, waiting);
  const unsettled = !SETTLED.has(job.state);
  const hint = !unsettled || run.driverAlive ? ''
    : run.state === 'DELETED' ? `; the run was cancelled: 'bps restart ${run.name}' resumes it`
    : `; no driver is running: 'bps restart ${run.name}' resumes the run`;
  return { state: job.state, text: `${base}${hint}`, parents: { total: parents.length, succeeded: parents.length - waiting.length, waitingFor, waiting: waiting.length } };
}

function nowText(inputs: StoryInputs, lines: readonly StoryLine[], waiting: StoryInputs['parents']): string {
  const { job } = inputs;
  const attempt = inputs.attempts.at(-1);
  const last = lines.at(-1);
  switch (job.state) {
    case 'UNREADY': {
      if (inputs.parents.length === 0) return job.kind === 'final' ? 'waiting: the finalJob runs once every other job has settled' : 'waiting';
      const shown = waiting.slice(0, 5).map((p) => `${shortName(p.name)} (${p.state})`).join(', ');
      return `waiting for ${waiting.length} of its ${inputs.parents.length} parents: ${shown}${waiting.length > 5 ? `, and ${waiting.length - 5} more` : ''}`;
    }
    case 'READY':
      if (last?.event === 'deferred' || last?.event === 'handed-back') {
        const reason = [...lines].reverse().find((l) => l.event === 'deferred')?.reason;
        return `ready, waiting for an allocation with more time left${reason ? ` (${reason})` : ''}`;
      }
      return inputs.run.driverAlive ? 'ready, waiting for its turn: the driver hands ready jobs over in order, as the compute site has room' : 'ready';
    case 'PENDING':
      return `attempt ${job.attempt} submitted, not started yet${job.reason ? `: ${job.reason}` : ''}`;
    case 'RUNNING':
      return `attempt ${job.attempt} running${attempt?.startedAt != null ? ` since ${new Date(attempt.startedAt).toISOString()}` : ''}`;
    case 'HELD':
      return `held by the batch system: ${job.reason ?? 'no reason given'}`;
    case 'SUCCEEDED':
      return `succeeded on attempt ${job.attempt}`;
    case 'FAILED':
      return `failed: ${job.reason ?? 'no reason recorded'}`;
    case 'PRUNED': {
      const pruned = [...lines].reverse().find((l) => l.event === 'pruned');
      const cause = pruned?.job ? `its ancestor ${shortName(pruned.job.name)} failed` : (job.reason ?? 'an ancestor failed');
      return `pruned, never run: ${cause}; 'bps restart ${inputs.run.name} --retry-failed' runs the failure and this job again`;
    }
    case 'DELETED':
      return `cancelled by bps cancel; 'bps restart ${inputs.run.name}' resumes the run`;
    default:
      return job.state;
  }
}
