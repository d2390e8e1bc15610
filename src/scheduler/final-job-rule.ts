/**
 * When a finalJob with whenRun ALWAYS runs (ctrl_bps's FINAL node): once every other job has settled,
 * whatever the outcome; and again when a job succeeds after it ran (a restart --retry-failed, a
 * run({jobs}), a cluster rerun), because that job's outputs never reached the Butler. A SUCCESS
 * finalJob is an ordinary sink of the DAG and needs no rule.
 */
import { JobState } from '../model/job-state.js';
import type { SchedulingState } from '../model/scheduling-state.js';
import type { DagState } from './dag-state.js';

export class FinalJobRule {
  private readonly index: number | undefined;

  constructor(finalJob: SchedulingState['finalJob'], private readonly dag: DagState) {
    this.index = finalJob?.always ? finalJob.index : undefined;
  }

  /** The finalJob's index when it is due now (it waits and is the only unsettled job left), else undefined. */
  due(): number | undefined {
    if (this.index === undefined || this.dag.state[this.index] !== JobState.UNREADY) return undefined;
    return this.dag.unsettledCount() === 1 ? this.index : undefined;
  }

  /** The finalJob's index when `job` succeeding makes it due again (it had run), else undefined. */
  dueAgainAfter(job: number): number | undefined {
    if (this.index === undefined || job === this.index) return undefined;
    const state = this.dag.state[this.index];
    return state === JobState.SUCCEEDED || state === JobState.FAILED ? this.index : undefined;
  }
}
