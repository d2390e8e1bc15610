/** What earlier runs of a pipeline tell about this one: each label's run time, for the progress ETA. */
import { listRuns } from '../state/index.js';
import type { AppContext } from './context.js';
import { openRun } from './run-lookup.js';

/** How many earlier runs are read at most (the newest first). */
const RUNS_READ = 5;

/**
 * Mean run time (seconds) per job label of the latest earlier runs with the same payload name, each
 * label from the newest run that ran it. Without these a run's ETA knows a label's run time only once
 * one of its jobs has ended, and a pipeline whose slow labels come last looks far shorter than it is
 * until then. Runs that cannot be read are passed over: history only improves a guess.
 */
export function labelHistory(run: { id: string; payloadName: string }, ctx: AppContext): Map<string, number> {
  const means = new Map<string, number>();
  const earlier = listRuns({ bpsHome: ctx.bpsHome }).runs.filter((entry) => entry.runId !== run.id).slice(0, RUNS_READ);
  for (const entry of earlier) {
    try {
      const db = openRun(entry.submitDir, { readonly: true });
      try {
        if (db.runInfo().payloadName !== run.payloadName) continue;
        for (const [label, { total, count }] of db.succeededRunTimes()) if (!means.has(label) && count > 0) means.set(label, total / count);
      } finally {
        db.close();
      }
    } catch (error) {
      ctx.logger.debug(`run ${entry.name} not read for the ETA: ${(error as Error).message}`);
    }
  }
  return means;
}
