import { existsSync, readFileSync } from 'node:fs';
import { StateError } from '../errors.js';
import { attemptFiles } from '../executors/common/run-files.js';
import type { AppContext } from './context.js';
import { findJob } from './job-lookup.js';
import { findRunDir, openRun } from './run-lookup.js';

export interface JobLog {
  readonly job: string;
  readonly label: string;
  readonly state: string;
  readonly attempt: number;
  readonly stdoutPath: string;
  readonly stderrPath: string;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `bps logs RUN JOB [--attempt N]`: a job's output without hunting in `logging/`. JOB is a name, the end
 * of one, a label (its first failed job, else its first job) or a label and data ID (app/job-lookup.ts);
 * the attempt defaults to the job's latest.
 */
export function jobLog(request: { run: string; job: readonly string[]; attempt?: number }, ctx: AppContext): JobLog {
  const submitDir = findRunDir(request.run, ctx);
  const db = openRun(submitDir, { readonly: true });
  let found;
  try {
    found = findJob(db, request.job);
  } finally {
    db.close();
  }
  const attempt = request.attempt ?? found.attempt;
  if (attempt < 1) throw new StateError(`Job ${found.name} has not run yet (${found.state}).`);
  const files = attemptFiles(submitDir, found.name, attempt);
  const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  if (!existsSync(files.stdout) && !existsSync(files.stderr)) throw new StateError(`No logs for attempt ${attempt} of ${found.name} (it has run ${found.attempt} time(s)).`);
  return { job: found.name, label: found.label, state: found.state, attempt, stdoutPath: files.stdout, stderrPath: files.stderr, stdout: read(files.stdout), stderr: read(files.stderr) };
}
