/** An attempt as the run's state keeps it: read by the state layer, told by the report layer (bps explain). */
import type { JobOutcome } from './outcome.js';

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

/** How a closed attempt ended, as the executors said it (undefined while it is open or its kind is unknown). */
export function attemptOutcome(a: Pick<AttemptRecord, 'outcome' | 'exitCode' | 'signal' | 'reason'>): JobOutcome | undefined {
  switch (a.outcome) {
    case 'exited': return { kind: 'exited', exitCode: a.exitCode ?? 1 };
    case 'signaled': return { kind: 'signaled', signal: a.signal ?? 'unknown signal' };
    case 'timeout': return { kind: 'timeout' };
    case 'out-of-memory': return { kind: 'out-of-memory' };
    case 'lost': return { kind: 'lost', reason: a.reason ?? '' };
    case 'cancelled': return { kind: 'cancelled', reason: a.reason ?? '' };
    default: return undefined;
  }
}
