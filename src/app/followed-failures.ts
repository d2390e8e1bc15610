/**
 * The failure lines of a run followed from a login node (app/batch-session.ts). Its driver runs in an
 * allocation and tells no observer here, so the jobs that failed for good are read from the state it
 * publishes for other hosts (the snapshot; docs/ARCHITECTURE.md, "Status from another host") and told
 * once each, as a driver on this host tells them. A large run's snapshot is not read at every look: only
 * when the published status counts more failed quanta than the last read found, and (from another host)
 * the snapshot has changed since.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { attemptOutcome } from '../model/attempt.js';
import type { RunObserver } from '../report/run-observer.js';
import type { StatusReport } from '../report/status.js';
import { SNAPSHOT_FILE } from '../state/index.js';
import { openRun, remoteDriverLock } from './run-lookup.js';
import { stateReport } from './status.js';

export class FollowedFailures {
  private readonly told = new Set<number>();
  /** Failed quanta in the state last read. */
  private failedRead = 0;
  private snapshotStamp = -1;

  constructor(private readonly submitDir: string, private readonly observer: RunObserver) {}

  /** After each look at the published status. */
  look(report: StatusReport): void {
    if (!this.observer.failure || report.totals.failed <= this.failedRead) return;
    if (remoteDriverLock(this.submitDir)) {
      const stamp = snapshotStamp(this.submitDir);
      if (stamp === undefined || stamp === this.snapshotStamp) return;
      this.snapshotStamp = stamp;
    }
    const db = openRun(this.submitDir, { readonly: true });
    try {
      this.failedRead = stateReport(db, report.run).totals.failed;
      for (const job of db.failedJobs()) {
        if (this.told.has(job.id)) continue;
        this.told.add(job.id);
        const last = db.attempts(job.id).at(-1);
        const outcome = (last && attemptOutcome(last)) ?? { kind: 'exited' as const, exitCode: job.exitCode ?? 1 };
        this.observer.failure({ job: job.index, name: job.name, label: job.label, outcome, final: true, reason: job.reason ?? 'failed' });
      }
    } finally {
      db.close();
    }
  }
}

function snapshotStamp(submitDir: string): number | undefined {
  try {
    return statSync(join(submitDir, SNAPSHOT_FILE)).mtimeMs;
  } catch {
    return undefined; // not published yet: the next look tries again
  }
}
