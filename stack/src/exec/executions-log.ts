import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** How one execution ended. `skipped` = its outputs were already there ("already-successful"). */
export type ExecutionStatus = 'succeeded' | 'failed' | 'skipped';

/**
 * One line of the executions log: the oracle tests use to prove ordering and exactly-once execution.
 * Init (`pre-exec-init-qbb`, `run --init-only`) logs label `pipetaskInit` and the final job
 * (`butler aggregate-graph`) logs `finalJob`, both with `quantumId: null`.
 */
export interface ExecutionRecord {
  readonly quantumId: string | null;
  readonly label: string;
  /** The quantum's required data ID ({} for init and final). */
  readonly dataId: Readonly<Record<string, string | number>>;
  /** ISO-8601 UTC with milliseconds. */
  readonly start: string;
  readonly end: string;
  readonly status: ExecutionStatus;
  /** The exit code this execution asked for (0 on success), or null when it killed itself with a signal. */
  readonly exitCode: number | null;
  /** The signal a `signal:` fault killed the process with. */
  readonly signal?: string;
  readonly host: string;
  readonly pid: number;
  /** 1 for the first execution of this quantum in this repo, counted across processes. */
  readonly attempt: number;
  readonly graphId: string;
  readonly run: string;
  /** `run-qbb`, `run`, `pre-exec-init-qbb` or `aggregate-graph`. */
  readonly command: string;
  /** First line of the failure, for failed executions. */
  readonly error?: string;
}

/** Where the executions log goes: `$STANDIN_EXECUTIONS_LOG`, else `<repo>/executions.log`. */
export function executionsLogPath(repoRoot: string): string {
  return process.env['STANDIN_EXECUTIONS_LOG'] ?? join(repoRoot, 'executions.log');
}

/** Lines up to PIPE_BUF (4096 bytes) are written whole by one O_APPEND write, even with concurrent writers. */
const MAX_LINE = 4000;

/**
 * Appends one JSON line with a single `appendFileSync` (O_APPEND, one write), so concurrent jobs never
 * interleave or lose lines. An oversized line drops its error text, then its data ID, to stay whole.
 */
export function appendExecution(repoRoot: string, record: ExecutionRecord): void {
  let line = `${JSON.stringify(record)}\n`;
  if (Buffer.byteLength(line) > MAX_LINE) line = `${JSON.stringify({ ...record, error: record.error?.slice(0, 200) })}\n`;
  if (Buffer.byteLength(line) > MAX_LINE) line = `${JSON.stringify({ ...record, error: undefined, dataId: {} })}\n`;
  const path = executionsLogPath(repoRoot);
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, line);
}
