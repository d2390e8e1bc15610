/**
 * Child of create-run.test.ts: starts creating a run state and SIGKILLs itself half-way through the
 * jobs, as a killed `bps submit` would. Usage: kill-during-create.child <submitDir> <jobs> <killAt>
 */
import { join } from 'node:path';
import { createRunState } from '../../../src/state/create-run.js';
import type { JobInit } from '../../../src/state/types.js';
import { smallRun } from './fixtures.js';

const [dir = '', jobs = '1000', killAt = '500'] = process.argv.slice(2);
const init = smallRun(dir, Number(jobs));
function* dying(): Generator<JobInit> {
  let i = 0;
  for (const job of init.jobs) {
    if (i++ === Number(killAt)) process.kill(process.pid, 'SIGKILL');
    yield job;
  }
}
createRunState(join(dir, 'bps.sqlite'), { ...init, jobs: dying() });
