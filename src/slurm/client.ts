import { setTimeout as sleep } from 'node:timers/promises';
import { ExecutorError } from '../errors.js';
import { CommandRunner } from '../process/command-runner.js';
import { isTransientSlurmError } from './client-errors.js';

/** The Slurm client commands bps-ts runs. */
export type SlurmCommand = 'sbatch' | 'squeue' | 'sacct' | 'scontrol' | 'scancel' | 'sinfo';

export interface SlurmCallResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SlurmClientOptions {
  /** Environment of the client commands (PATH decides which `sbatch` runs: tests put a wrapper first). */
  readonly env?: NodeJS.ProcessEnv;
  /** Attempts for a call failing with a transient error ("Socket timed out …"). @default 6 */
  readonly attempts?: number;
  /** First backoff; doubled per attempt, with ±50 % jitter so many drivers do not retry in step. @default 1000 */
  readonly backoffMs?: number;
  /** @default 30000 */
  readonly maxBackoffMs?: number;
  /** A client call that hangs this long counts as a transient failure (a busy slurmctld). @default 120000 */
  readonly timeoutMs?: number;
  /** Client calls running at once (sbatch of a batch of jobs). @default 4 */
  readonly concurrency?: number;
  readonly onRetry?: (command: SlurmCommand, stderr: string, attempt: number) => void;
}

/**
 * Runs Slurm's client commands without a shell and retries the transient failures a busy controller
 * gives ("Socket timed out on send/recv operation", "Unable to contact slurm controller"), with jittered
 * exponential backoff, as snakemake's Slurm executor does for status queries. Counts its calls so the
 * benchmark can show that polling costs a fixed number of calls per round.
 */
export class SlurmClient {
  readonly calls = new Map<SlurmCommand, number>();
  private readonly options: SlurmClientOptions;
  private readonly runners: CommandRunner[] = [];
  private turn = 0;

  constructor(options: SlurmClientOptions = {}) {
    this.options = options;
  }

  /** Total client calls so far. */
  callCount(): number {
    let total = 0;
    for (const n of this.calls.values()) total += n;
    return total;
  }

  /** One call, no retry: what it printed and its exit code (the caller reads the errors). */
  async once(command: SlurmCommand, args: readonly string[], input?: string): Promise<SlurmCallResult> {
    this.calls.set(command, (this.calls.get(command) ?? 0) + 1);
    const timeoutMs = this.options.timeoutMs ?? 120_000;
    const result = await this.runner().run([command, ...args], { timeoutMs, ...(input === undefined ? {} : { input }) });
    if (result.notFound) {
      throw new ExecutorError(`Slurm's '${command}' command was not found on PATH.`, {
        hint: 'Run bps on a login node of a Slurm cluster, or use a local compute site (computeSite: local).',
      });
    }
    // Both are what a busy controller looks like from here, and both are retried as such.
    if (result.timedOut) return { exitCode: 124, stdout: result.stdout, stderr: `${command} timed out after ${timeoutMs / 1000} s (Socket timed out)` };
    if (result.runnerLost) return { exitCode: 1, stdout: '', stderr: `${result.stderr.trim()}: Socket timed out` };
    return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
  }

  /** Runners are handed out in turn: each runs one command at a time. */
  private runner(): CommandRunner {
    const size = this.options.concurrency ?? 4;
    if (this.runners.length < size) this.runners.push(new CommandRunner(this.options.env));
    const runner = this.runners[this.turn % this.runners.length] as CommandRunner;
    this.turn += 1;
    return runner;
  }

  /** Lets the runner processes exit. */
  close(): void {
    for (const runner of this.runners) runner.close();
    this.runners.length = 0;
  }

  /**
   * A call retried while it fails transiently. `beforeRetry` runs before each retry and may settle the
   * call instead (sbatch: the job turned up under its name, so the lost answer was a success).
   */
  async call(
    command: SlurmCommand,
    args: readonly string[],
    options: { input?: string; beforeRetry?: () => Promise<SlurmCallResult | undefined> } = {},
  ): Promise<SlurmCallResult> {
    const attempts = this.options.attempts ?? 6;
    for (let attempt = 1; ; attempt += 1) {
      const result = await this.once(command, args, options.input);
      if (result.exitCode === 0 || attempt >= attempts || !isTransientSlurmError(result.stderr)) return result;
      this.options.onRetry?.(command, firstLine(result.stderr), attempt);
      await sleep(this.backoff(attempt));
      const settled = await options.beforeRetry?.();
      if (settled) return settled;
    }
  }

  private backoff(attempt: number): number {
    const base = Math.min(this.options.maxBackoffMs ?? 30_000, (this.options.backoffMs ?? 1000) * 2 ** (attempt - 1));
    return Math.round(base * (0.5 + Math.random()));
  }
}

/** The first non-empty line of a client's stderr, for one-line messages. */
export function firstLine(text: string): string {
  return text.split('\n').map((line) => line.trim()).find((line) => line !== '') ?? '';
}
