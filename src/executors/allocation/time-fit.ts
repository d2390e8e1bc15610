/**
 * Walltime awareness (docs/SLURM.md, "Walltime"): a job starts only when its expected run time fits in
 * what is left of the allocation, less a margin; a job that could not fit even a whole allocation can
 * never run on this site. Pure: the executor gives the clock and the allocation's end.
 */
import type { Admission } from '../contract.js';

/** The margin when the site sets none: 5% of the allocation's time limit, at most a minute. */
export function defaultMargin(timeLimitSec: number | undefined): number {
  if (timeLimitSec === undefined || !Number.isFinite(timeLimitSec)) return 60;
  return Math.min(60, timeLimitSec * 0.05);
}

/** Whether a job may start now, or why not (the time half of the executor's admission answer). */
export type TimeFit = { readonly kind: 'fits' } | Extract<Admission, { readonly kind: 'elsewhere' | 'never' }>;

/** The clock and the allocation's end, as the executor knows them. */
export interface TimeFrame {
  /** Epoch ms now. */
  readonly now: number;
  /** Epoch ms when the allocation ends (Infinity: no limit). */
  readonly endsAt: number;
  /** The allocation's whole time limit (seconds; Infinity or undefined: none). */
  readonly timeLimitSec: number | undefined;
  /** Seconds kept free before the end. */
  readonly marginSec: number;
}

const human = (seconds: number) => (seconds >= 120 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds)} s`);

/**
 * Whether a job expected to run `expectedSec` may start now. Unknown run times (a label's first jobs without
 * requestWalltime) start while more than the margin is left: nothing says they will not fit.
 */
export function fitInTime(expectedSec: number | undefined, frame: TimeFrame): TimeFit {
  if (!Number.isFinite(frame.endsAt)) return { kind: 'fits' };
  const left = (frame.endsAt - frame.now) / 1000;
  const limit = frame.timeLimitSec;
  if (expectedSec !== undefined && limit !== undefined && Number.isFinite(limit) && expectedSec > limit) {
    return { kind: 'never', reason: `is expected to run ${human(expectedSec)}, longer than a whole allocation of this site (${human(limit)})` };
  }
  const needed = (expectedSec ?? 0) + frame.marginSec;
  if (needed <= left) return { kind: 'fits' };
  const what = expectedSec === undefined ? 'the margin' : `its expected ${human(expectedSec)} and the margin`;
  return { kind: 'elsewhere', reason: `${human(Math.max(0, left))} left in the allocation, less than ${what} (${human(needed)})` };
}
