import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { execa } from 'execa';
import { formatCommandLine } from './argv.js';

/** How a command run by {@link runLoggedCommand} ended. */
export interface LoggedCommandResult {
  /** The exit code; undefined when the child was killed by a signal or could not start. */
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;
  /** Why the command could not be started at all (ENOENT, EACCES …), else undefined. */
  readonly spawnError: string | undefined;
}

/**
 * Runs a command without a shell and streams its merged stdout and stderr, line by line, into `logPath`
 * and to `echo`. The log's first line is the command and then a blank line, as ctrl_bps writes
 * quantumGraphGeneration.out, so a user can re-run exactly what bps ran.
 */
export async function runLoggedCommand(
  argv: readonly string[],
  options: { logPath: string; env?: Readonly<Record<string, string>>; cwd?: string; echo?: (line: string) => void },
): Promise<LoggedCommandResult> {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('runLoggedCommand: empty argv');
  const log = createWriteStream(options.logPath, { flags: 'w', mode: 0o644 });
  log.write(`${formatCommandLine(argv)}\n\n`);
  const child = execa(file, args, {
    env: options.env,
    cwd: options.cwd,
    all: true,
    buffer: false,
    reject: false,
    stdin: 'ignore',
    lines: false,
  });
  let pending = '';
  child.all?.setEncoding('utf8');
  child.all?.on('data', (chunk: string) => {
    log.write(chunk);
    if (options.echo === undefined) return;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) options.echo(line);
  });
  const result = await child;
  if (pending !== '' && options.echo) options.echo(pending);
  log.end();
  await once(log, 'close');
  const spawnError = result.failed && result.exitCode === undefined && result.signal === undefined
    ? (result.cause instanceof Error ? result.cause.message : result.shortMessage)
    : undefined;
  return { exitCode: result.exitCode, signal: result.signal, spawnError };
}
