/**
 * What each label asked for against what its jobs used (`bps report --id RUN`, docs/ARCHITECTURE.md,
 * "Learned resources"): medians and maxima over the attempts that succeeded, the labels that ask for far
 * more memory than they use, and the attempts killed for memory.
 */

/** A label asking for this many times the largest peak of its jobs is flagged as over-requesting. */
export const OVER_REQUEST_FACTOR = 4;

/** The median and the largest of some figures. */
export interface Spread {
  readonly median: number;
  readonly max: number;
}

/** One label's resources, requested and used; figures no executor measured are null. */
export interface LabelResources {
  readonly label: string;
  /** Attempts that succeeded: what the figures below summarise. */
  readonly succeeded: number;
  /** Memory asked for (MiB): learnResources and retries change it from job to job. */
  readonly requestMemoryMiB: Spread | null;
  /** Peak resident memory (MiB). */
  readonly maxRssMiB: Spread | null;
  /** The payload's run time (s). */
  readonly runSec: Spread | null;
  /** CPU time, user + system (s). */
  readonly cpuSec: Spread | null;
  /** The label's requestWalltime (s); null when it asks for none. */
  readonly requestWalltimeSec: number | null;
  /** Attempts that ended out of memory (killed by the batch system or the local wrapper). */
  readonly killedForMemory: number;
  /** The median request over the largest peak: how many times more the label asks than any of its jobs used. */
  readonly requestOverUse: number | null;
  /** requestOverUse ≥ {@link OVER_REQUEST_FACTOR}. */
  readonly overRequested: boolean;
}

/** Median (the mean of the middle two for an even count) and maximum, rounded to `digits`; null for none. */
export function spread(values: readonly number[], digits = 2): Spread | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  const round = (n: number) => Math.round(n * 10 ** digits) / 10 ** digits;
  return { median: round(median), max: round(sorted[sorted.length - 1] as number) };
}

/** What the state gives per label (state/usage.ts), summarised. */
export function labelResources(
  sample: { label: string; requestedMiB: readonly number[]; maxRssMiB: readonly number[]; cpuSec: readonly number[]; runSec: readonly number[]; outOfMemory: number },
  requestWalltimeSec: number | undefined,
): LabelResources {
  const requestMemoryMiB = spread(sample.requestedMiB, 1);
  const maxRssMiB = spread(sample.maxRssMiB, 1);
  const ratio = requestMemoryMiB && maxRssMiB && maxRssMiB.max > 0 ? Math.round((requestMemoryMiB.median / maxRssMiB.max) * 10) / 10 : null;
  return {
    label: sample.label, succeeded: sample.requestedMiB.length, requestMemoryMiB, maxRssMiB,
    runSec: spread(sample.runSec), cpuSec: spread(sample.cpuSec), requestWalltimeSec: requestWalltimeSec ?? null,
    killedForMemory: sample.outOfMemory, requestOverUse: ratio, overRequested: ratio !== null && ratio >= OVER_REQUEST_FACTOR,
  };
}
