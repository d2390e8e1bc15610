/**
 * The run folder as every executor writes it (docs/ARCHITECTURE.md, "The run folder"): per attempt
 * `logging/<job>.<attempt>.out|err|exit`, job scripts under `jobs/`. The exit file is the protocol by
 * which a job reports its end without the driver: its own wrapper (the local launcher's, a Slurm batch
 * script, an `srun` step's) writes one line, `exit N <epoch>` or `signal N <epoch>`, when the payload
 * ends, so a driver that was dead at the time settles the job from the file alone. The launcher's wrapper
 * adds what the payload used, `rss=<KiB> cpu=<s> wall=<s>` (any of them may be missing), and writes
 * `memory 9 <epoch> …` for a job it killed for going over its memory request.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { JobOutcome, ResourceUsage } from '../../model/outcome.js';
import { signalName } from '../../model/signals.js';

/** The folder of every attempt's output and exit files. */
export function loggingDir(submitDir: string): string {
  return join(submitDir, 'logging');
}

/** The folder of job scripts (Slurm batch scripts, step wrappers). */
export function jobsDir(submitDir: string): string {
  return join(submitDir, 'jobs');
}

/** The files of one attempt: `logging/<job>.<attempt>.out|err|exit`. */
export function attemptFiles(submitDir: string, jobName: string, attempt: number): { stdout: string; stderr: string; exit: string } {
  const stem = join(loggingDir(submitDir), `${jobName}.${attempt}`);
  return { stdout: `${stem}.out`, stderr: `${stem}.err`, exit: `${stem}.exit` };
}

/** An exit file's content: how the payload ended, and what it used when its wrapper measured it. */
export interface ExitRecord {
  readonly outcome: JobOutcome;
  readonly usage?: ResourceUsage;
}

/**
 * Reads a job's exit file: undefined while it does not exist yet or is still empty (its writer opened it
 * and has not written yet: read it next time).
 */
export function readExitFile(path: string): JobOutcome | undefined {
  return readExitRecord(path)?.outcome;
}

/** {@link readExitFile} with the usage the wrapper wrote after the verdict, if any. */
export function readExitRecord(path: string): ExitRecord | undefined {
  let text: string;
  try {
    // Synchronous on purpose: a 20-byte local file reads in microseconds, and a thread-pool round trip
    // per job end was measurable in the launch rate.
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  if (text.trim() === '') return undefined;
  const [kind, value, , ...fields] = text.trim().split(' ');
  const n = Number(value);
  const usage = parseUsage(fields);
  const withUsage = (outcome: JobOutcome): ExitRecord => (usage ? { outcome, usage } : { outcome });
  if (kind === 'exit' && Number.isInteger(n)) return withUsage({ kind: 'exited', exitCode: n });
  if (kind === 'signal' && Number.isInteger(n)) return withUsage({ kind: 'signaled', signal: signalName(n) });
  if (kind === 'memory') return withUsage({ kind: 'out-of-memory' });
  return { outcome: { kind: 'lost', reason: `unreadable exit file ${path}` } };
}

/** `rss=<KiB> cpu=<s> wall=<s>` (in any order, any of them absent) → usage; undefined when none is there. */
export function parseUsage(fields: readonly string[]): ResourceUsage | undefined {
  const usage: { maxRssMiB?: number; cpuSec?: number; wallSec?: number } = {};
  for (const field of fields) {
    const [key, raw] = field.split('=');
    const n = Number(raw);
    if (raw === undefined || raw === '' || !Number.isFinite(n) || n < 0) continue;
    if (key === 'rss') usage.maxRssMiB = n / 1024;
    else if (key === 'cpu') usage.cpuSec = n;
    else if (key === 'wall') usage.wallSec = n;
  }
  return Object.keys(usage).length > 0 ? usage : undefined;
}

/** The last `bytes` of a file, '' when it cannot be read (a log can be gigabytes; what matters comes last). */
export function readTail(path: string, bytes: number): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(size, bytes);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
