/**
 * How the stand-in fails, mirroring how the real click-based `pipetask` and `butler` end:
 * - {@link UsageError}: click's usage error (unknown option, missing argument): usage lines + `Error: …`, exit 2;
 * - {@link ClickError}: a `click.ClickException` such as the empty-graph one: just `Error: …`, exit 1;
 * - {@link StandinError}: any exception inside a command (bad query, missing collection, failed quanta):
 *   one ERROR log line naming the Python exception class the real stack would raise, exit 1 (or `exitCode`).
 * Anything else escaping is a bug in the stand-in and is printed with its stack.
 */

/** A click usage error: exit 2, printed after the command's usage line. */
export class UsageError extends Error {
  /** The command path for the usage line, e.g. `pipetask qgraph`; filled in by the command runner. */
  commandPath = '';
  /** The usage text after the command path, e.g. `[OPTIONS] REPO QGRAPH`. */
  usageArgs = '[OPTIONS]';

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A `click.ClickException`: `Error: <message>` on stderr, exit 1, no log line. */
export class ClickError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClickError';
  }
}

/**
 * A failure the real stack reports through an exception inside the command. `pythonClass` is the class
 * the real code raises (e.g. `lsst.daf.butler.registry.MissingCollectionError`), printed in front of the
 * message so users recognise it.
 */
export class StandinError extends Error {
  readonly pythonClass: string;
  readonly exitCode: number;

  constructor(pythonClass: string, message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StandinError';
    this.pythonClass = pythonClass;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Thrown by `-h/--help` handling: the help text was printed, exit 0. */
export class HelpShown extends Error {
  constructor() {
    super('help shown');
    this.name = 'HelpShown';
  }
}
