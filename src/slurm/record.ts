/**
 * One job as a Slurm client reported it (the parsers' shared result; written against real Slurm 22.05.8
 * output captured in test/fixtures/slurm/, docs/SLURM.md).
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

export function makeRecord(fields: { id: string; arrayId?: string | undefined; name: string; state: string; reason?: string; exitCode?: string }): SlurmJobRecord {
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
export function splitRows(stdout: string, columns: number, what: string): string[][] {
  const rows: string[][] = [];
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const cells = line.split('|');
    if (cells.length < columns) throw new Error(`${what}: expected ${columns} '|'-separated columns, got: ${JSON.stringify(line)}`);
    rows.push([...cells.slice(0, columns - 1), cells.slice(columns - 1).join('|')]);
  }
  return rows;
}
