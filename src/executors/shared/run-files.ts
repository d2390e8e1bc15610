/**
 * The run folder as every executor writes it (docs/ARCHITECTURE.md, "The run folder"): per attempt
 * `logging/<job>.<attempt>.out|err|exit`, job scripts under `jobs/`. The exit file is the protocol by
 * which a job reports its end without the driver: its own wrapper (the local launcher's, a Slurm batch
 * script, an `srun` step's) writes one line, `exit N <epoch>` or `signal N <epoch>`, when the payload
 * ends, so a driver that was dead at the time settles the job from the file alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobOutcome } from '../../model/outcome.js';
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

/**
 * Reads a job's exit file: undefined while it does not exist yet or is still empty (its writer opened it
 * and has not written yet: read it next time).
 */
export function readExitFile(path: string): JobOutcome | undefined {
  let text: string;
  try {
    // Synchronous on purpose: a 20-byte local file reads in microseconds, and a thread-pool round trip
    // per job end was measurable in the launch rate.
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  if (text.trim() === '') return undefined;
  const [kind, value] = text.trim().split(' ');
  const n = Number(value);
  if (kind === 'exit' && Number.isInteger(n)) return { kind: 'exited', exitCode: n };
  if (kind === 'signal' && Number.isInteger(n)) return { kind: 'signaled', signal: signalName(n) };
  return { kind: 'lost', reason: `unreadable exit file ${path}` };
}
