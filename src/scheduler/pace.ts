/**
 * The pace of the driver's rounds, owned by the scheduler alone (docs/ARCHITECTURE.md, "Polling"): short
 * right after something changed (a submit, a job ending), growing by half each quiet round up to the
 * executor's ceiling, so an idle 10-hour run asks a batch system little while a busy one stays responsive
 * (snakemake's Slurm plugin and NERSC's guidance both ask not to hammer squeue).
 */
import type { PollPace } from '../executors/contract.js';

export class RoundPace {
  private interval: number;

  constructor(private readonly pace: PollPace) {
    this.interval = pace.minMs;
  }

  /** How long to wait before the next round (ms). */
  current(): number {
    return this.interval;
  }

  /** After a round: back to the shortest wait when something changed, else a longer one. */
  after(changed: boolean): void {
    this.interval = changed ? this.pace.minMs : Math.min(this.pace.maxMs, Math.max(this.pace.minMs, Math.round(this.interval * 1.5)));
  }
}
