import type { AttemptRecord, JobDetails, RunDatabase, StateEvent } from '../state/index.js';
import { isDriverAlive, readDriverLock } from '../state/index.js';
import type { FailedAncestor, JobStory } from '../report/job-story.js';
import { tellStory } from '../report/tell-story.js';
import type { AppContext } from './context.js';
import { findJob } from './job-lookup.js';
import { findRunDir, openRun } from './run-lookup.js';

/** What `bps explain` asks for. */
export interface ExplainRequest {
  readonly run: string;
  /** What `bps logs` takes: a name, the end of one, a label, or a label and data ID (app/job-lookup.ts). */
  readonly job: readonly string[];
}

/**
 * `bps explain RUN JOB`: why the job is where it is, from the run's state file only (its event log, the
 * attempts, the job's parents): never the executor or the log files, so it answers while a driver runs,
 * after one died, and from another host (through the published snapshot, as every view).
 */
export function explainJob(request: ExplainRequest, ctx: AppContext): JobStory {
  const submitDir = findRunDir(request.run, ctx);
  const db = openRun(submitDir, { readonly: true });
  try {
    const job = findJob(db, request.job);
    const run = db.runInfo();
    const events = db.jobEvents(job.id);
    const parents = db.parentsOf(job.id);
    // When each parent succeeded is needed only to tell when the job became ready, i.e. once all have.
    const allSucceeded = parents.every((p) => p.state === 'SUCCEEDED');
    return tellStory({
      run: { name: run.name, id: run.id, submitDir, state: run.state, driverAlive: isDriverAlive(readDriverLock(submitDir)), executor: run.executor },
      job: {
        id: job.id, name: job.name, label: job.label, kind: db.labels().find((l) => l.label === job.label)?.kind ?? 'payload',
        state: job.state, attempt: job.attempt, dataId: job.dataId, reason: job.reason,
      },
      tasks: db.taskLabelsOf(job.id),
      attempts: db.attempts(job.id),
      events,
      parents: parents.map((p) => ({ name: p.name, label: p.label, state: p.state, succeededAt: allSucceeded ? succeededAt(db.attempts(p.id)) : null })),
      ancestors: failedAncestors(db, events, job.id),
      numberOfRetries: db.labelSpecs().get(job.label)?.retry.numberOfRetries,
    });
  } finally {
    db.close();
  }
}

/** When the job's last success ended, if it succeeded. */
function succeededAt(attempts: readonly AttemptRecord[]): number | null {
  const success = [...attempts].reverse().find((a) => a.outcome === 'exited' && a.exitCode === 0);
  return success?.endedAt ?? null;
}

/**
 * The failed ancestor of each of the job's `pruned` events, by event seq, with how it failed. Events
 * logged before they named the ancestor's id are read by the name in their reason.
 */
function failedAncestors(db: RunDatabase, events: readonly StateEvent[], jobId: number): Map<number, FailedAncestor> {
  const found = new Map<number, FailedAncestor>();
  for (const e of events) {
    if (e.jobId !== jobId || e.type !== 'pruned') continue;
    const detail = (e.detail ?? {}) as { ancestor?: unknown; reason?: unknown };
    const byName = typeof detail.reason === 'string' ? /^ancestor (\S+) failed/.exec(detail.reason)?.[1] : undefined;
    const ancestor: JobDetails | undefined = typeof detail.ancestor === 'number' ? db.jobsByIds([detail.ancestor])[0] : byName === undefined ? undefined : db.jobByName(byName);
    if (!ancestor) continue;
    const last = db.attempts(ancestor.id).at(-1);
    found.set(e.seq, {
      name: ancestor.name, label: ancestor.label, state: ancestor.state, reason: ancestor.reason,
      exitCode: ancestor.exitCode ?? last?.exitCode ?? null, signal: last?.signal ?? null,
    });
  }
  return found;
}
