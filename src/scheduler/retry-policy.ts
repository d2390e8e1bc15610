import type { RetryPolicy } from '../model/job-spec.js';
import type { JobOutcome } from '../model/outcome.js';
import { describeOutcome } from '../model/outcome-text.js';
import { signalNumber } from '../model/signals.js';
import { retryRequest, type SeenPeaks } from './memory-sizing.js';

export { grownMemory } from './memory-sizing.js';

/** What to do after an attempt ended without success. */
export type RetryDecision =
  | { readonly action: 'fail'; readonly reason: string }
  /** Run again; `countsAsRetry` false for losses that are not the payload's fault (node failure, preemption). */
  | { readonly action: 'retry'; readonly memoryMiB: number; readonly countsAsRetry: boolean; readonly reason: string };

/**
 * ctrl_bps's retry rules (docs/CONFIG.md, "Retries"), which the Parsl plugins ignore and we honour:
 * exit codes in `retryUnlessExit` (default 1 = science failure, 2 = usage error) are final; other failures
 * are retried up to `numberOfRetries` times; a job killed by a signal or by Slurm's OOM killer is usually
 * out of memory, so its next attempt asks for `memoryMultiplier` times more, capped at `memoryLimit`
 * (with `learnResources`, what it was seen to need: memory-sizing.ts). A job the system lost (node failure, preemption, a vanished wrapper) is rerun without using up a retry.
 */
export function decideRetry(
  outcome: JobOutcome,
  state: { readonly retriesUsed: number; readonly memoryMiB: number; readonly attempt?: number },
  policy: RetryPolicy,
  seen: SeenPeaks = {},
): RetryDecision {
  if (outcome.kind === 'lost') {
    // A job lost again and again (a node that always fails it, an exit file it can never write) must
    // end some time: losses are free only up to MAX_FREE_LOSSES attempts beyond the retries.
    const losses = (state.attempt ?? 0) - state.retriesUsed;
    if (losses > MAX_FREE_LOSSES) return { action: 'fail', reason: `lost ${losses} times, the last: ${outcome.reason}` };
    return { action: 'retry', memoryMiB: state.memoryMiB, countsAsRetry: false, reason: `lost: ${outcome.reason}` };
  }
  if (outcome.kind === 'cancelled') return { action: 'fail', reason: `cancelled: ${outcome.reason}` };
  const reason = describeOutcome(outcome);
  if (outcome.kind === 'exited' && policy.retryUnlessExit.includes(outcome.exitCode)) {
    return { action: 'fail', reason: `${reason}, which is never retried (retryUnlessExit)` };
  }
  if (state.retriesUsed >= policy.numberOfRetries) {
    return { action: 'fail', reason: `${reason} after ${state.retriesUsed} retries (numberOfRetries: ${policy.numberOfRetries})` };
  }
  const memoryMiB = outcome.kind === 'signaled' || outcome.kind === 'out-of-memory' ? retryRequest(state.memoryMiB, seen, policy) : state.memoryMiB;
  return { action: 'retry', memoryMiB, countsAsRetry: true, reason };
}

/** Attempts that end lost (node failure, preemption, vanished) rerun for free this many times. */
export const MAX_FREE_LOSSES = 5;

/** The exit code recorded for an outcome: the job's own, else the shell's 128+N for a signal. */
export function outcomeExitCode(outcome: JobOutcome): number | null {
  if (outcome.kind === 'exited') return outcome.exitCode;
  if (outcome.kind === 'signaled') return 128 + (signalNumber(outcome.signal) ?? 0);
  return null;
}
