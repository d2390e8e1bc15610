/**
 * Builders for the argv of Slurm's query commands and pure parsers for what they print (squeue, sacct,
 * scontrol, sbatch) and for their error messages. Written against real Slurm 22.05.8 output, captured in
 * test/fixtures/slurm/ by its capture.sh; the cluster behaviours cited are in shared/design/SLURM.md.
 * Nothing here spawns a process (STYLE.md rule 7).
 */
import type { JobOutcome } from '../types.js';

/**
 * One job as a Slurm client reported it.
 * `state` is the base state word as Slurm prints it, upper case: PENDING, RUNNING, COMPLETING, COMPLETED,
 * FAILED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, PREEMPTED, BOOT_FAIL, CANCELLED, DEADLINE, REQUEUED, SUSPENDED,
 * CONFIGURING, RESIZING, REVOKED, SPECIAL_EXIT, STOPPED, SIGNALING, STAGE_OUT, UNKNOWN ... (words this module
 * does not know are kept, and classified as lost).
 */
export interface SlurmJobRecord {
  /** Job id as printed: sacct's JobIDRaw, scontrol's JobId, squeue's %i (`123_4` for an array task there). */
  readonly id: string;
  /** `<arrayJobId>_<taskId>` for an array task (sacct JobID, scontrol ArrayJobId/ArrayTaskId, squeue %i). */
  readonly arrayId?: string;
  /** Job name ('' if not printed). May contain spaces and '|'. */
  readonly name: string;
  /** Base word only: 'CANCELLED by 0' -> 'CANCELLED', 'CANCELLED+' -> 'CANCELLED'. */
  readonly state: string;
  /** The uid from sacct's 'CANCELLED by 0'; squeue and scontrol never say who cancelled. */
  readonly cancelledBy?: string;
  /** '' for None / (null). */
  readonly reason: string;
  /** N from 'N:S'; absent where the client prints no exit code (squeue) or an empty one. */
  readonly exitCode?: number;
  /** S from 'N:S'. */
  readonly signal?: number;
}

/**
 * squeue output format, used with -h. The name goes last so that a '|' in it cannot shift the other
 * columns (the capture has a job named `cap spaced | name`). squeue prints no exit code (SLURM.md).
 */
export const SQUEUE_FORMAT = '%i|%T|%r|%j';

/** sacct fields, JobName last for the same reason as in {@link SQUEUE_FORMAT}. */
export const SACCT_FIELDS: readonly string[] = ['JobIDRaw', 'JobID', 'State', 'ExitCode', 'Reason', 'JobName'];

function idList(ids: readonly string[], caller: string): string {
  // An empty `-j ''` is an error to squeue, and leaving -j out would list every job on the cluster.
  if (ids.length === 0) throw new Error(`${caller}: no job ids given`);
  return ids.join(',');
}

/**
 * argv after `squeue`. `-t all` keeps finished jobs (until MinJobAge purges them), `-r` prints one line per
 * array task. NB (captured): with a single unknown id squeue fails with "Invalid job id specified", but with
 * several ids it silently leaves the unknown ones out and exits 0 — a missing job is not a finished one.
 */
export function squeueArgs(options: { user?: string; ids?: readonly string[]; activeOnly?: boolean }): string[] {
  // activeOnly: queued and running jobs only. Listing the finished ones MinJobAge retains costs slurmctld
  // and squeue more than everything else a poll does (0.7 s for 1,700 retained jobs on the test machine).
  const args = options.activeOnly ? ['-h', '-r', '-o', SQUEUE_FORMAT] : ['-h', '-t', 'all', '-r', '-o', SQUEUE_FORMAT];
  if (options.user !== undefined) args.push('-u', options.user);
  if (options.ids !== undefined) args.push('-j', idList(options.ids, 'squeueArgs'));
  return args;
}

/**
 * argv after `sacct`: allocations only (-X), no header (-n), '|'-separated (-P). sacct answers an unknown id
 * with nothing (rc 0), and lists jobs that never started only when asked by id (SLURM.md).
 */
export function sacctArgs(ids: readonly string[]): string[] {
  return ['-X', '-n', '-P', '-j', idList(ids, 'sacctArgs'), '-o', SACCT_FIELDS.join(',')];
}

interface ParsedState {
  readonly state: string;
  readonly cancelledBy?: string;
}

/** sacct prints 'CANCELLED by 0'; without -P it truncates long words and marks them with '+'. */
function parseState(raw: string): ParsedState {
  const match = /^([A-Za-z_]+)\+?(?:\s+by\s+(\S+))?/.exec(raw.trim());
  if (match === null) return { state: raw.trim().toUpperCase() || 'UNKNOWN' };
  const state = match[1]!.toUpperCase();
  return match[2] === undefined ? { state } : { state, cancelledBy: match[2] };
}

function parseReason(raw: string | undefined): string {
  const reason = (raw ?? '').trim();
  return reason === 'None' || reason === '(null)' ? '' : reason;
}

function parseExitCode(raw: string | undefined): { exitCode?: number; signal?: number } {
  const match = /^(\d+):(\d+)$/.exec((raw ?? '').trim());
  return match === null ? {} : { exitCode: Number(match[1]), signal: Number(match[2]) };
}

function makeRecord(fields: { id: string; arrayId?: string | undefined; name: string; state: string; reason?: string; exitCode?: string }): SlurmJobRecord {
  return {
    id: fields.id,
    ...(fields.arrayId !== undefined ? { arrayId: fields.arrayId } : {}),
    name: fields.name,
    ...parseState(fields.state),
    reason: parseReason(fields.reason),
    ...parseExitCode(fields.exitCode),
  };
}

/** Splits '|'-separated rows whose last column (the name) may itself contain '|'. */
function splitRows(stdout: string, columns: number, what: string): string[][] {
  const rows: string[][] = [];
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const cells = line.split('|');
    if (cells.length < columns) throw new Error(`${what}: expected ${columns} '|'-separated columns, got: ${JSON.stringify(line)}`);
    rows.push([...cells.slice(0, columns - 1), cells.slice(columns - 1).join('|')]);
  }
  return rows;
}

/** Parses `squeue` output printed with {@link squeueArgs}. */
export function parseSqueue(stdout: string): SlurmJobRecord[] {
  return splitRows(stdout, 4, 'squeue output').map(([id, state, reason, name]) =>
    makeRecord({ id: id!.trim(), arrayId: id!.includes('_') ? id!.trim() : undefined, name: name!, state: state!, reason: reason! }));
}

/**
 * Parses `sacct` output printed with {@link sacctArgs}. Step rows (`123.batch`, `123.extern`, present when -X
 * is left out) are skipped. With `-D` a requeued job has one row per attempt, oldest first: the last one wins
 * (captured: NODE_FAIL, then `CANCELLED by 0` for the requeued attempt).
 */
export function parseSacct(stdout: string): SlurmJobRecord[] {
  const byId = new Map<string, SlurmJobRecord>();
  for (const [idRaw, jobId, state, exitCode, reason, name] of splitRows(stdout, SACCT_FIELDS.length, 'sacct output')) {
    const id = idRaw!.trim();
    if (id.includes('.')) continue;
    const arrayId = jobId!.includes('_') ? jobId!.trim() : undefined;
    byId.delete(id);  // keep the order of the rows that win
    byId.set(id, makeRecord({ id, arrayId, name: name!, state: state!, reason: reason!, exitCode: exitCode! }));
  }
  return [...byId.values()];
}

/** Groups scontrol's lines into one text per job: `-o` prints a line per job, the default an indented block. */
function scontrolBlocks(stdout: string): string[] {
  const blocks: string[] = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith('JobId=')) blocks.push(line.trimEnd());
    else if (line.trim() !== '' && blocks.length > 0) blocks[blocks.length - 1] += ` ${line.trim()}`;
  }
  return blocks;
}

/**
 * Key=value pairs of one scontrol job. JobName is printed raw, spaces and all (captured: `JobName=cap spaced | name
 * UserId=...`), so it is cut out by its known successor UserId first; any other value with spaces (WorkDir,
 * StdOut paths) is glued back onto the key before it.
 */
function scontrolFields(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  let rest = block;
  const name = / JobName=(.*?) UserId=/.exec(block);
  if (name !== null) {
    fields.set('JobName', name[1]!);
    rest = block.slice(0, name.index) + block.slice(name.index + name[0].length - ' UserId='.length);
  }
  let key: string | undefined;
  for (const token of rest.split(' ')) {
    const match = /^([A-Za-z][A-Za-z0-9_:/]*)=(.*)$/.exec(token);
    if (match !== null) {
      key = match[1]!;
      if (!fields.has(key)) fields.set(key, match[2]!);
    } else if (key !== undefined && token !== '') {
      fields.set(key, `${fields.get(key)} ${token}`);
    }
  }
  return fields;
}

/** Parses `scontrol -o show job [id]` (one line per job) and the default multi-line `scontrol show job [id]`. */
export function parseScontrolShowJob(stdout: string): SlurmJobRecord[] {
  return scontrolBlocks(stdout).map((block) => {
    const f = scontrolFields(block);
    const arrayJob = f.get('ArrayJobId');
    const arrayTask = f.get('ArrayTaskId');
    return makeRecord({
      id: f.get('JobId') ?? '',
      arrayId: arrayJob !== undefined && arrayTask !== undefined ? `${arrayJob}_${arrayTask}` : undefined,
      name: f.get('JobName') ?? '',
      state: f.get('JobState') ?? 'UNKNOWN',
      reason: f.get('Reason') ?? '',
      exitCode: f.get('ExitCode') ?? '',
    });
  });
}

/** The job id from sbatch's stdout: `--parsable` gives `123` or `123;cluster`, the default `Submitted batch job 123`. */
export function parseSbatchId(stdout: string): string {
  const text = stdout.trim();
  const match = /^(\d+)(?:;\S+)?$/.exec(text) ?? /^Submitted batch job (\d+)(?: on cluster \S+)?$/.exec(text);
  if (match === null) throw new Error(`sbatch printed no job id: ${JSON.stringify(stdout)}`);
  return match[1]!;
}

/** Refusals that say something about the request itself: retrying the same request cannot help. */
const PERMANENT_ERRORS: readonly RegExp[] = [
  /invalid job id specified/i,
  /invalid account/i,
  /invalid qos/i,
  /invalid partition/i,
  /more processors requested than permitted/i,
  /requested node configuration is not available/i,
  /memory specification can not be satisfied/i,
  /access\/permission denied/i,
];

/** The controller or slurmdbd was unreachable, slow or busy (texts captured in test/fixtures/slurm/stderr-*). */
const TRANSIENT_ERRORS: readonly RegExp[] = [
  /socket timed out/i,
  /unable to contact slurm controller/i,
  /slurm temporarily unable to accept job/i,
  /resource temporarily unavailable/i,
  /transport endpoint is not connected/i,
  /zero bytes were transmitted or received/i,
  /communication connection failure/i,
  /connection refused/i,
  /connection reset by peer/i,
  /problem talking to the database/i,
  /database is busy/i,
  /unable to connect to database/i,
  /persistent connection/i,
  /slurmdbd.*(?:not responding|unavailable|connect)/i,
];

/**
 * Whether a failed client call is worth retrying: the controller or slurmdbd could not be reached or was busy.
 * A refusal of the request itself (bad partition, unknown job id, too many CPUs) is never transient, even in a
 * stderr that also mentions a transient condition.
 */
export function isTransientSlurmError(stderr: string): boolean {
  if (PERMANENT_ERRORS.some((re) => re.test(stderr))) return false;
  return TRANSIENT_ERRORS.some((re) => re.test(stderr));
}

/** "Invalid job id specified" from squeue/scontrol for an unknown or purged id (only when it was the sole id). */
export function isInvalidJobIdError(stderr: string): boolean {
  return /invalid job id specified/i.test(stderr);
}

/** Where a job stands, from one record. */
export type SlurmPhase =
  | { readonly kind: 'queued'; readonly reason: string; readonly held: boolean }
  | { readonly kind: 'running' }
  | { readonly kind: 'ended'; readonly outcome: JobOutcome };

/** Not started yet, or put back in the queue to start over (a requeued job shows PENDING/BeginTime, captured). */
const QUEUED_STATES = new Set(['PENDING', 'REQUEUED', 'REQUEUE_FED', 'CONFIGURING']);
/** States that only an admin or user release gets out of. SPECIAL_EXIT is a requeue in held state. */
const HELD_STATES = new Set(['REQUEUE_HOLD', 'RESV_DEL_HOLD', 'SPECIAL_EXIT']);
const HELD_REASONS = new Set(['JobHeldUser', 'JobHeldAdmin']);
/**
 * Started and holding its allocation. SUSPENDED and STOPPED count as running: the payload has started and
 * will continue where it stopped, so reporting it as waiting would suggest it may start over.
 */
const RUNNING_STATES = new Set(['RUNNING', 'COMPLETING', 'SIGNALING', 'STAGE_OUT', 'RESIZING', 'SUSPENDED', 'STOPPED']);
/** The batch system lost the job; nothing is known about the payload, so it is rerun without using a retry. */
const LOST_STATES = new Set(['NODE_FAIL', 'PREEMPTED', 'BOOT_FAIL', 'REVOKED']);

/** Linux signal names: Slurm reports the compute node's signal numbers, whatever the host of this process. */
const SIGNALS: readonly string[] = ['', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE',
  'SIGKILL', 'SIGUSR1', 'SIGSEGV', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGSTKFLT', 'SIGCHLD', 'SIGCONT',
  'SIGSTOP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM', 'SIGPROF', 'SIGWINCH',
  'SIGIO', 'SIGPWR', 'SIGSYS'];

/** `SIGKILL` for 9; `SIG40` for numbers without a name (real-time signals). */
export function signalName(signal: number): string {
  return SIGNALS[signal] || `SIG${signal}`;
}

function failedOutcome(record: SlurmJobRecord): JobOutcome {
  if ((record.exitCode ?? 0) > 0) return { kind: 'exited', exitCode: record.exitCode! };
  // `kill -9 $$` in the batch script: FAILED, Reason=JobLaunchFailure, ExitCode=0:9 (SLURM.md, captured).
  if ((record.signal ?? 0) > 0) return { kind: 'signaled', signal: signalName(record.signal!) };
  // FAILED with 0:0 still failed: never let it pass for success.
  return { kind: 'exited', exitCode: 1 };
}

function cancelledReason(record: SlurmJobRecord): string {
  if (record.cancelledBy !== undefined) return `by uid ${record.cancelledBy}`;
  // Otherwise Slurm's reason: DependencyNeverSatisfied (scontrol/squeue) or Dependency (sacct) when slurmctld
  // cancelled it under kill_invalid_depend; after a scancel of a pending job squeue/scontrol keep the job's
  // last wait reason (captured: Resources, JobHeldUser).
  return record.reason === '' ? 'cancelled' : record.reason;
}

function endedOutcome(record: SlurmJobRecord): JobOutcome {
  switch (record.state) {
    case 'COMPLETED':
      return { kind: 'exited', exitCode: record.exitCode ?? 0 };
    case 'FAILED':
      return failedOutcome(record);
    case 'TIMEOUT':
    case 'DEADLINE':
      return { kind: 'timeout' };
    case 'OUT_OF_MEMORY':
      return { kind: 'out-of-memory' };
    case 'CANCELLED':
      return { kind: 'cancelled', reason: cancelledReason(record) };
    default: {
      // NODE_FAIL & co, and UNKNOWN or any word this module does not know: never success.
      const prefix = LOST_STATES.has(record.state) ? record.state : `unrecognised Slurm state ${record.state}`;
      return { kind: 'lost', reason: record.reason === '' ? prefix : `${prefix} (${record.reason})` };
    }
  }
}

/**
 * COMPLETED -> exited with its exit code; FAILED -> exited(N) / signaled / exited(1); TIMEOUT and DEADLINE ->
 * timeout; OUT_OF_MEMORY -> out-of-memory; NODE_FAIL, PREEMPTED, BOOT_FAIL, REVOKED -> lost; CANCELLED ->
 * cancelled; UNKNOWN and unrecognised words -> lost. Queued and running states as documented on the sets above.
 */
export function classifySlurmRecord(record: SlurmJobRecord): SlurmPhase {
  if (QUEUED_STATES.has(record.state) || HELD_STATES.has(record.state)) {
    const held = HELD_STATES.has(record.state) || HELD_REASONS.has(record.reason);
    return { kind: 'queued', reason: record.reason === '' ? record.state : record.reason, held };
  }
  if (RUNNING_STATES.has(record.state)) return { kind: 'running' };
  return { kind: 'ended', outcome: endedOutcome(record) };
}
