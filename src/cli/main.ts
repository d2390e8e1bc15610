import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { BpsError } from '../errors.js';
import { defaultBpsHome, packageVersion } from '../paths.js';
import { createLogger, LOG_LEVELS, type Logger, type LogLevelName } from '../log/logger.js';
import type { CliContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import { registerCommands } from './commands/index.js';

/** Builds the `bps` program; command modules load their app code lazily so `bps status` starts fast. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('bps')
    .description('Batch Processing Service: build a QuantumGraph with pipetask and run it as a DAG of jobs')
    .version(packageVersion(), '--version')
    .addOption(new Option('--log-level <level>', 'terminal log threshold').choices([...LOG_LEVELS, ...LOG_LEVELS.map((l) => l.toLowerCase())]).default('INFO'))
    .option('--long-log', 'log lines with time and logger name')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      // Commander's own errors are re-reported as one line by runCli; swallow its copy.
      writeErr: () => undefined,
      outputError: () => undefined,
    });
  registerCommands(program, ctx);
  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput());
  return program;
}

/** Runs the CLI and returns the exit code; the one place errors are caught (docs/ARCHITECTURE.md, "Errors and exit codes"). */
export async function runCli(argv: readonly string[], io: Partial<Pick<CliContext, 'stdout' | 'stderr' | 'cwd' | 'env'>> = {}): Promise<number> {
  let logger: Logger | undefined;
  let program: Command | undefined;
  const ctx: CliContext = {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    cwd: io.cwd ?? process.cwd(),
    env: io.env ?? process.env,
    exitCode: ExitCode.OK,
    logLevel: () => ((program?.opts()['logLevel'] as string | undefined) ?? 'INFO').toUpperCase() as LogLevelName,
    logger: () => (logger ??= createLogger({ level: ctx.logLevel(), terminal: ctx.stderr, longLog: program?.opts()['longLog'] === true })),
    appContext: () => ({ logger: ctx.logger(), cwd: ctx.cwd, env: ctx.env, bpsHome: defaultBpsHome(ctx.env), now: () => new Date() }),
  };
  program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    return reportError(error, ctx);
  }
}

function reportError(error: unknown, ctx: CliContext): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.OK;
    if (error.code === 'commander.executeSubCommandAsync') return error.exitCode;
    // Commander puts its suggestion for a typo on a second line: "(Did you mean submit?)".
    const [what = '', suggestion] = error.message.replace(/^error: /, '').split('\n');
    const hint = suggestion ? suggestion.replace(/^\((.*)\)$/, '$1') : "Try 'bps --help' or 'bps <command> --help'.";
    ctx.stderr.write(`Error: ${sentence(what)} ${hint}\n`);
    return ExitCode.USAGE;
  }
  const debug = ctx.logLevel() === 'DEBUG' || ctx.logLevel() === 'TRACE';
  if (error instanceof BpsError) {
    ctx.stderr.write(`Error: ${sentence(oneLine(error.message))}${error.hint ? ` ${sentence(oneLine(error.hint))}` : ''}\n`);
    if (debug) ctx.stderr.write(`${error.stack ?? ''}\n${error.cause instanceof Error ? `Caused by: ${error.cause.stack ?? ''}\n` : ''}`);
    return error.exitCode;
  }
  const environment = environmentError(error);
  if (environment) {
    ctx.stderr.write(`Error: ${environment}\n`);
    if (debug) ctx.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return ExitCode.FAILURE;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  ctx.stderr.write(`Internal error (a bug in bps-ts; please open an issue with this output):\n${stack}\n`);
  return ExitCode.FAILURE;
}

/**
 * A full disk, a read-only or forbidden folder: the machine's state, not a bug in bps-ts, so one line
 * naming the path and what to check. The run's state is written in transactions and renamed files, so
 * nothing half-written is left for `bps restart` to misread.
 */
function environmentError(error: unknown): string | undefined {
  const { code, path, syscall } = (error ?? {}) as { code?: string; path?: string; syscall?: string };
  const what: Record<string, string> = {
    ENOSPC: 'the disk is full', EDQUOT: 'the disk quota is exceeded', EROFS: 'the file system is read-only',
    EACCES: 'permission denied', EPERM: 'operation not permitted', SQLITE_FULL: 'the disk is full',
  };
  if (!code || !what[code]) return undefined;
  const where = path ? ` ${path}` : '';
  return `Cannot ${syscall ?? 'write'}${where}: ${what[code]}. Free space or fix the folder's permissions, then run the command again (a started run resumes with 'bps restart').`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** A message as one sentence: ends with a full stop (unless it ends with ? or !), and never with two. */
export function sentence(text: string): string {
  const trimmed = text.trim().replace(/\.{2}$/, '.');
  return /[.?!]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}


/** True when this module is the process entry (bin/bps imports it). */
function isEntry(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    const self = fileURLToPath(import.meta.url);
    const target = realpathSync(entry);
    return target === self || target.endsWith('/bin/bps');
  } catch {
    return false;
  }
}

if (isEntry()) {
  // Nothing bps-ts or its jobs create may be world-writable (submit folders sit on shared file systems),
  // whatever umask the user's shell has; the jobs inherit it. Group bits stay as the user chose.
  process.umask(process.umask() | 0o002);
  // `bps jobs RUN | head`: a reader that stops early is no error; the rest of the output is not wanted.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`Internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = ExitCode.FAILURE;
    },
  );
}
