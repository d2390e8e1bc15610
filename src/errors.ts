/**
 * The error hierarchy of bps-ts. Every error a user can cause is a {@link BpsError}: the CLI prints its
 * message as one line (plus its hint) and exits with its `exitCode`, without a stack trace. Anything else
 * that escapes is a bug and is printed with its stack (cli/main.ts is the only place that catches).
 */
export class BpsError extends Error {
  /** Process exit code the CLI uses for this error. @default 1 */
  readonly exitCode: number;
  /** One short sentence telling the user what to do next, printed after the message. */
  readonly hint: string | undefined;

  constructor(message: string, options: { exitCode?: number; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? 1;
    this.hint = options.hint;
  }
}

/** A command-line usage mistake (unknown option, missing argument). Exit 2, as click-based ctrl_bps does. */
export class UsageError extends BpsError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { ...options, exitCode: 2 });
  }
}

/** A problem in the user's bps YAML: syntax, types, missing keys, include or `{var}` cycles. */
export class ConfigError extends BpsError {}

/** A QuantumGraph (dot export) that cannot be read: truncated, cyclic, dangling edge, unlabeled quantum. */
export class GraphError extends BpsError {}

/** The run's state (bps.sqlite, driver lock, run index) is missing, corrupt, locked or newer than this code. */
export class StateError extends BpsError {}

/** No run matches what the user typed (submit dir, run name, uniqProcName or run id). */
export class RunNotFoundError extends StateError {}

/** An executor (local pool, Slurm) could not do what was asked. */
export class ExecutorError extends BpsError {}

/**
 * A driver handed its allocation back with work left: no ready job could end in the time left (the run
 * stays RUNNING for the next allocation). Exit 75, sysexits' EX_TEMPFAIL ("try again later"), so a batch
 * script tells it from a failure.
 */
export class HandedBackError extends BpsError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { ...options, exitCode: 75 });
  }
}

/** An external command bps-ts ran itself (e.g. `createQuantumGraph`) failed; bps exits with its code. */
export class SubprocessError extends BpsError {
  readonly command: readonly string[];
  readonly childExitCode: number | undefined;
  readonly signal: string | undefined;
  readonly logPath: string | undefined;

  constructor(
    message: string,
    details: {
      command: readonly string[];
      exitCode?: number;
      signal?: string;
      logPath?: string;
      hint?: string;
      cause?: unknown;
    },
  ) {
    super(message, {
      // A child killed by a signal has no exit code of its own: use the shell's 128+N convention.
      exitCode: details.exitCode ?? 1,
      ...(details.hint === undefined ? {} : { hint: details.hint }),
      cause: details.cause,
    });
    this.command = details.command;
    this.childExitCode = details.exitCode;
    this.signal = details.signal;
    this.logPath = details.logPath;
  }
}

/** The user interrupted (Ctrl-C / SIGTERM); exit 130 as a shell would. */
export class InterruptedError extends BpsError {
  constructor(message: string, options: { hint?: string } = {}) {
    super(message, { ...options, exitCode: 130 });
  }
}

/** Wraps anything thrown that is not an Error, keeping it as the cause. */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(String(thrown), { cause: thrown });
}
