import type { AppContext } from '../app/context.js';
import type { Logger, LogLevelName } from '../log/logger.js';

/** What every command handler gets: the streams, the environment and the global options. */
export interface CliContext {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** The logger for this invocation, made from the global `--log-level` / `--long-log` options. */
  logger(): Logger;
  logLevel(): LogLevelName;
  /** The context handed to app/ use cases. */
  appContext(): AppContext;
  /** The process exit code once the command is done. */
  exitCode: number;
}

/** Writes a line to stdout. */
export function println(ctx: CliContext, text = ''): void {
  ctx.stdout.write(`${text}\n`);
}
