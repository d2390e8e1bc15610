/** An attempt as the run's state keeps it: read by the state layer, told by the report layer (bps explain). */

/** One attempt of one job. Times are epoch milliseconds. */
export interface AttemptRecord {
  readonly attempt: number;
  readonly externalId: string | null;
  readonly memoryMiB: number | null;
  readonly submittedAt: number | null;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  /** A `JobOutcome` kind, or null while the attempt is open. */
  readonly outcome: string | null;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly reason: string | null;
  /** What it used (null where its executor did not say, or in a run made before schema 5). */
  readonly maxRssMiB: number | null;
  readonly cpuSec: number | null;
  readonly wallSec: number | null;
}
