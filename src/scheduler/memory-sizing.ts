/**
 * `learnResources: true` (docs/CONFIG.md, "Learned resources"): memory requests sized from what the jobs
 * of a label used so far in this run, instead of the configured requestMemory and a blind doubling after
 * an out-of-memory kill. Pure functions; the driver feeds them the label's peak and the attempt's own.
 */
import type { RetryPolicy } from '../model/job-spec.js';
import type { SchedulingState } from '../model/scheduling-state.js';
import type { JobCatalog } from './ports.js';

/**
 * Learned requests are the peak seen times this: 20% over what a job of the label used. Peaks within a
 * label vary (a bigger data ID, a busier field) and the local wrapper samples a job's tree once a second;
 * a job that needs more than that is killed and retried at its own need, so the margin trades node memory
 * held idle against such retries.
 */
export const LEARNED_MEMORY_MARGIN = 1.2;

/** The next memory request after an out-of-memory ending without learning: multiplied, never past the limit. */
export function grownMemory(memoryMiB: number, policy: RetryPolicy): number {
  return Math.max(memoryMiB, Math.min(Math.ceil(memoryMiB * policy.memoryMultiplier), policy.memoryLimit));
}

/** MiB asked for `peakMiB` used: the margin over it, never past the label's cap. */
function withMargin(peakMiB: number, policy: RetryPolicy): number {
  return Math.max(1, Math.min(Math.ceil(peakMiB * LEARNED_MEMORY_MARGIN), policy.memoryLimit));
}

/**
 * A job's first request: its label's peak so far times the margin (smaller or larger than the configured
 * request, never past memoryLimit / requestMemoryMax); the configured request while no job of the label
 * has reported a peak, or without learnResources.
 */
export function firstRequest(configuredMiB: number, labelPeakMiB: number | undefined, policy: RetryPolicy): number {
  if (!policy.learnResources || labelPeakMiB === undefined) return configuredMiB;
  return withMargin(labelPeakMiB, policy);
}

/**
 * A job's next memory request: a first attempt's from its label's peak so far (learnResources), a later
 * one's as the retry decided it.
 */
export function nextRequest(job: number, run: Pick<SchedulingState, 'memoryMiB' | 'attempt'>, catalog: Pick<JobCatalog, 'policy' | 'peakMemory'>): number {
  const decided = run.memoryMiB[job] as number;
  if (run.attempt[job] !== 0) return decided;
  const policy = catalog.policy(job);
  return policy.learnResources ? firstRequest(decided, catalog.peakMemory(job), policy) : decided;
}

/** What the run saw of a job killed for memory: its own peak before the kill, its label's largest. */
export interface SeenPeaks {
  readonly ownMiB?: number | undefined;
  readonly labelMiB?: number | undefined;
}

/**
 * The request after an out-of-memory ending. With learnResources: the larger of the job's own peak before
 * the kill and its label's peak, times the margin, when that peak is at least a margin over the request
 * that was killed (the job got well past its limit before the kill, as a sampled limit allows, so the peak
 * is its need); otherwise the kill came at the limit (a cgroup's does) and says only "more": grown by
 * memoryMultiplier as without learning. Never less than the request that was killed, never past the cap.
 */
export function retryRequest(requestMiB: number, seen: SeenPeaks, policy: RetryPolicy): number {
  if (!policy.learnResources) return grownMemory(requestMiB, policy);
  const peak = Math.max(seen.ownMiB ?? 0, seen.labelMiB ?? 0);
  if (peak < requestMiB * LEARNED_MEMORY_MARGIN) return grownMemory(requestMiB, policy);
  return Math.max(requestMiB, withMargin(peak, policy));
}
