/**
 * The driver's side of "status from another host" (docs/ARCHITECTURE.md): a driver that runs where its
 * readers may not (inside a Slurm allocation, on a compute node) publishes the status report (every
 * round, at most every 2 s, and every 10 s as a heartbeat) and a snapshot of its state (every 10 s, less
 * often when snapshots are slow: never more than 5% of the driver's time), and both once more when it
 * ends. Readers on other hosts read those, never the live SQLite file.
 */
import { dirname, join } from 'node:path';
import type { Logger } from '../log/logger.js';
import type { RunSummary, StatusReport } from '../report/status.js';
import { SNAPSHOT_FILE, type RunDatabase } from '../state/index.js';
import { writePublishedStatus, type PublishedStatus } from './published-status.js';
import { hasClusters, stateReport } from './status.js';

const STATUS_EVERY_MS = 2_000;
const HEARTBEAT_MS = 10_000;
const SNAPSHOT_EVERY_MS = 10_000;
/** A snapshot that took d ms is not taken again before 20·d ms. */
const SNAPSHOT_COST_FACTOR = 20;

/** Whether a driver in this environment publishes for other hosts: inside a Slurm job, or when asked to. */
export function publishesStatus(env: NodeJS.ProcessEnv): boolean {
  return (env['SLURM_JOB_ID'] ?? '') !== '' || env['BPS_PUBLISH_STATUS'] === '1';
}

/** Publishes one driver's status and snapshots (see the module comment); `start`, `round`, `finish`. */
export class StatusPublisher {
  private statusAt = 0;
  private snapshotAt: number | undefined;
  private snapshotGapMs = SNAPSHOT_EVERY_MS;
  private timer: NodeJS.Timeout | undefined;
  private hasClusters: boolean | undefined;

  constructor(
    private readonly db: RunDatabase,
    private readonly summary: () => RunSummary,
    private readonly driver: { readonly host: string; readonly pid: number },
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** First status and snapshot, then the heartbeat. */
  start(): void {
    this.snapshot();
    this.publish(false);
    this.timer = setInterval(() => this.tick(), HEARTBEAT_MS);
    this.timer.unref();
  }

  /** After a committed round: the status, unless one went out less than 2 s ago. */
  round(): void {
    if (this.now() - this.statusAt >= STATUS_EVERY_MS) this.publish(false);
  }

  /** The last publication, as the driver ends: a final snapshot and the final report. */
  finish(report?: StatusReport): void {
    this.stop();
    this.snapshot();
    this.publish(true, report);
  }

  /** Ends the heartbeat without publishing (the drive failed: what is published stays, and goes silent). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    if (this.snapshotAt === undefined || this.now() - this.snapshotAt >= this.snapshotGapMs) this.snapshot();
    this.publish(false);
  }

  private snapshot(): void {
    const started = this.now();
    try {
      this.db.publishSnapshot(join(dirname(this.db.path), SNAPSHOT_FILE));
      this.snapshotAt = this.now();
      this.snapshotGapMs = Math.max(SNAPSHOT_EVERY_MS, SNAPSHOT_COST_FACTOR * (this.snapshotAt - started));
    } catch (error) {
      // A full disk must not stop the run: readers elsewhere see an older snapshot meanwhile.
      this.logger.warn(`could not publish a snapshot of the run state: ${(error as Error).message}`);
    }
  }

  private publish(final: boolean, report?: StatusReport): void {
    this.statusAt = this.now();
    const status: PublishedStatus = {
      format: 'bps-ts published status 1',
      publishedAt: new Date(this.statusAt).toISOString(),
      host: this.driver.host,
      pid: this.driver.pid,
      final,
      ...(this.snapshotAt === undefined ? {} : { snapshotAt: new Date(this.snapshotAt).toISOString() }),
      report: report ?? this.currentReport(),
      ...(this.clustered ? { clusters: stateReport(this.db, this.summary(), { clusters: true }) } : {}),
    };
    try {
      writePublishedStatus(dirname(this.db.path), status);
    } catch (error) {
      this.logger.warn(`could not publish the run status: ${(error as Error).message}`);
    }
  }

  /** What `bps status --json` shows, from the driver's own state file (O(labels) + the jobs in flight). */
  private currentReport(): StatusReport {
    return stateReport(this.db, this.summary());
  }

  /** Whether `bps status --clusters` differs from `bps status` for this run (asked once: the jobs never change). */
  private get clustered(): boolean {
    this.hasClusters ??= hasClusters(this.db);
    return this.hasClusters;
  }
}
