import { execa } from 'execa';

/** How one {@link probeCommand} call ended. */
export interface ProbeResult {
  /** The exit code; undefined when the command could not start, was killed, or timed out. */
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;
  /** Why the command could not be started at all (`ENOENT`, `EACCES` …), else undefined. */
  readonly spawnError: string | undefined;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time of the call, in milliseconds. */
  readonly durationMs: number;
}

/** Runs one command for a health check; injectable so checks can be tested without real programs. */
export type CommandProbe = (argv: readonly string[], options: { env: Readonly<Record<string, string>>; timeoutMs: number }) => Promise<ProbeResult>;

/**
 * Runs a short command once, without a shell and without retrying, and returns what it printed. A
 * health check must report a slow or broken service, not hide it behind retries, so a timeout is a
 * result here, never a throw.
 */
export const probeCommand: CommandProbe = async (argv, options) => {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('probeCommand: empty argv');
  const started = Date.now();
  const result = await execa(file, args, {
    env: options.env,
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    timeout: options.timeoutMs,
    stripFinalNewline: true,
  });
  const neverStarted = result.failed && result.exitCode === undefined && result.signal === undefined && !result.timedOut;
  return {
    exitCode: result.exitCode,
    signal: result.signal,
    spawnError: neverStarted ? startFailure(result.cause, result.shortMessage ?? 'could not start') : undefined,
    timedOut: result.timedOut,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    durationMs: Date.now() - started,
  };
};

function startFailure(cause: unknown, fallback: string): string {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'not found';
  if (code === 'EACCES') return 'not executable (permission denied)';
  return cause instanceof Error ? cause.message : fallback;
}

/** The last non-empty line of a program's output: where Slurm's client commands and pipetask put their error. */
export function lastLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '').pop() ?? '';
}
