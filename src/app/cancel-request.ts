/**
 * `bps cancel`'s request to a run's driver: the file `<submit>/cancel.request`. A driver on this host is
 * also sent SIGTERM; one on another host (a compute node) cannot be signalled, so every driver looks for
 * the file once a second and stops the run as cancelled when it appears (docs/ARCHITECTURE.md, "Status
 * from another host"). A new driver removes a request left from an earlier cancel.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobStateName } from '../model/job-state.js';

/** Written by `bps cancel` before it signals the driver, so the driver records DELETED, not interrupted. */
export const CANCEL_REQUEST_FILE = 'cancel.request';

/** Asks the run's driver, wherever it runs, to stop the run as cancelled. */
export function requestCancel(submitDir: string, now: Date): void {
  writeFileSync(join(submitDir, CANCEL_REQUEST_FILE), `${now.toISOString()}\n`);
}

/** Whether a cancel was asked for and not yet taken up by a new driver. */
export function cancelRequested(submitDir: string): boolean {
  return existsSync(join(submitDir, CANCEL_REQUEST_FILE));
}

/** Forgets a request an earlier cancel left (a new driver was started after it). */
export function clearCancelRequest(submitDir: string): void {
  rmSync(join(submitDir, CANCEL_REQUEST_FILE), { force: true });
}

/** Calls `onRequest` once when a cancel request appears; returns the function that stops looking. */
export function watchCancelRequest(submitDir: string, onRequest: () => void, intervalMs = 1000): () => void {
  const timer = setInterval(() => {
    if (!cancelRequested(submitDir)) return;
    clearInterval(timer);
    onRequest();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** What `bps cancel` did. */
export interface CancelResult {
  readonly run: string;
  /** Jobs stopped by this command itself; undefined when the live driver stopped them. */
  readonly stoppedJobs: number | undefined;
  readonly viaDriver: boolean;
  /** The run's state afterwards, as every view reads it (DELETED, or how it ended before the cancel). */
  readonly state: JobStateName;
  /** The run had already ended and nothing was left to cancel: its state is unchanged. */
  readonly alreadyEnded: boolean;
}
