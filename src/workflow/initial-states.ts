/** The state every job of a new workflow starts in, and each job's label index (pure). */
import { JobState } from '../model/job-state.js';
import type { Workflow } from './types.js';

/** READY for jobs without parents, UNREADY for the rest (and for an ALWAYS final job, started by the scheduler). */
export function initialStates(workflow: Workflow): Uint8Array {
  const states = new Uint8Array(workflow.jobs.length).fill(JobState.READY);
  for (const to of workflow.edgeTo) states[to] = JobState.UNREADY;
  if (workflow.finalJob) states[workflow.finalJob.index] = JobState.UNREADY;
  return states;
}
