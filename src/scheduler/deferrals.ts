/**
 * The run-level event of the jobs one round left for a later driver ('elsewhere': an allocation whose time
 * left is too short for them). One event per round that deferred any, summed per label, never one per job:
 * the round an allocation runs short defers its whole ready queue, which may be a million jobs, and each
 * job leaves this driver's queue at its first deferral, so a driver logs at most one such event per round.
 */
import type { LabelInfo } from '../model/scheduling-state.js';
import type { NewEvent } from '../model/transition.js';

/** One label's share of a deferral, as logged (`bps explain` reads it). */
export interface DeferredLabel {
  readonly label: string;
  readonly jobs: number;
  /** The executor's reason for the label's first job deferred this round (its later ones differ by seconds). */
  readonly reason: string;
}

/** The `deferred` event of this round's `elsewhere` answers, or undefined when there were none. */
export function deferredEvent(
  elsewhere: ReadonlyArray<{ readonly job: number; readonly reason: string }>,
  run: { readonly labelOf: ArrayLike<number>; readonly labels: readonly LabelInfo[] },
  at: number,
): NewEvent | undefined {
  if (elsewhere.length === 0) return undefined;
  const byLabel = new Map<number, { jobs: number; reason: string }>();
  for (const { job, reason } of elsewhere) {
    const label = run.labelOf[job] as number;
    const entry = byLabel.get(label);
    if (entry) entry.jobs += 1;
    else byLabel.set(label, { jobs: 1, reason });
  }
  const labels: DeferredLabel[] = [...byLabel].map(([idx, { jobs, reason }]) => ({ label: run.labels[idx]?.label ?? `#${idx}`, jobs, reason }));
  return { type: 'deferred', at, detail: { labels } };
}
