/**
 * What a driver publishes for readers on other hosts (docs/ARCHITECTURE.md, "Status from another host"):
 * `<submit>/status.json`, the run's status report as `bps status --json` shows it, written whole to a
 * temporary file and renamed into place (a reader sees the old file or the new one, on any shared file
 * system), at most every 2 s while the run changes and every 10 s while it does not, as the driver's
 * heartbeat; and `bps.snapshot.sqlite` (state/snapshot.ts) for the views that need more than counts.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StatusReport } from '../report/status.js';

/** The published status, next to the run's state. */
export const STATUS_FILE = 'status.json';

/** A driver silent this long (no heartbeat) is taken for dead by readers on other hosts. */
export const SILENT_AFTER_MS = 60_000;

/** What `status.json` holds. */
export interface PublishedStatus {
  readonly format: 'bps-ts published status 1';
  /** When the driver wrote it (ISO time); its heartbeat. */
  readonly publishedAt: string;
  readonly host: string;
  readonly pid: number;
  /** The driver's last publication, written as it ended. */
  readonly final: boolean;
  /** When the snapshot next to it was written, if it was. */
  readonly snapshotAt?: string;
  /** Per task label, counting quanta (`bps status`). */
  readonly report: StatusReport;
  /** Per job label, counting jobs (`bps status --clusters`), when the run is clustered. */
  readonly clusters?: StatusReport;
}

/** Writes `status.json` whole, by a temporary file renamed into place. */
export function writePublishedStatus(submitDir: string, status: PublishedStatus): void {
  const path = join(submitDir, STATUS_FILE);
  const tmp = `${path}.${status.host}.${status.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(status)}\n`, { mode: 0o644 });
  renameSync(tmp, path);
}

/** The published status of a run, or undefined when there is none (or it cannot be read). */
export function readPublishedStatus(submitDir: string): PublishedStatus | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(submitDir, STATUS_FILE), 'utf8')) as PublishedStatus;
    return parsed.format === 'bps-ts published status 1' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the publishing driver still runs, as far as a reader elsewhere can tell: not ended, not silent. */
export function publisherAlive(status: PublishedStatus, now: number): boolean {
  return !status.final && now - Date.parse(status.publishedAt) < SILENT_AFTER_MS;
}
