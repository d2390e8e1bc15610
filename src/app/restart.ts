import type { RunObserver } from '../report/run-observer.js';
import { assertNoLiveDriver } from '../state/index.js';
import type { AppContext } from './context.js';
import { driveSession, type DriveSessionResult } from './drive-session.js';
import { liveDriver } from './remote-lock.js';
import { findRunDir, openRun } from './run-lookup.js';

export interface RestartRequest {
  readonly run: string;
  readonly detach: boolean;
  readonly retryFailed: boolean;
  readonly observer: RunObserver;
}

/**
 * `bps restart RUN`: reopen the run's bps.sqlite (the pickle-equivalent), reconcile what an earlier driver
 * left in flight, and go on. Succeeded jobs never run again; failed ones only with --retry-failed.
 */
export async function restartRun(request: RestartRequest, ctx: AppContext): Promise<DriveSessionResult> {
  const submitDir = findRunDir(request.run, ctx);
  // Refused before anything is printed or spawned. A lock taken on another host inside a Slurm job whose
  // allocation has ended (its time limit killed the driver) is stale: Slurm says so (app/remote-lock.ts).
  if (await liveDriver(submitDir, ctx)) {
    const db = openRun(submitDir, { readonly: true });
    try {
      assertNoLiveDriver(submitDir, db.runInfo().name);
    } finally {
      db.close();
    }
  }
  return driveSession({ submitDir, detach: request.detach, observer: request.observer, retryFailed: request.retryFailed }, ctx);
}
