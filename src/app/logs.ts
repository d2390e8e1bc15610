import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateError } from '../errors.js';
import { RunDatabase } from '../state/run-db.js';
import { RUN_STATE_FILE } from '../state/run-index.js';
import type { AppContext } from './context.js';
import { findRunDir } from './run-state.js';

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
 * `bps logs RUN JOB|LABEL [--attempt N]`: a job's output without hunting in `logging/`. A label picks
 * its first failed job (else its first job); the attempt defaults to the job's latest.
 */
export function jobLog(request: { run: string; job: string; attempt?: number }, ctx: AppContext): JobLog {
  const submitDir = findRunDir(request.run, ctx);
  const db = RunDatabase.open(join(submitDir, RUN_STATE_FILE), { readonly: true });
  let found;
  try {
    found = db.findJobs(request.job)[0];
  } finally {
    db.close();
  }
  if (!found) throw new StateError(`No job or label '${request.job}' in run '${request.run}'.`, { hint: "Use a job name from 'bps report --id' or a task label." });
  const attempt = request.attempt ?? found.attempt;
  if (attempt < 1) throw new StateError(`Job ${found.name} has not run yet (${found.state}).`);
  const stem = join(submitDir, 'logging', `${found.name}.${attempt}`);
  const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  if (!existsSync(`${stem}.out`) && !existsSync(`${stem}.err`)) throw new StateError(`No logs for attempt ${attempt} of ${found.name} (it has run ${found.attempt} time(s)).`);
  return { job: found.name, label: found.label, state: found.state, attempt, stdoutPath: `${stem}.out`, stderrPath: `${stem}.err`, stdout: read(`${stem}.out`), stderr: read(`${stem}.err`) };
}
