/**
 * The Slurm poll interval: short after something changed (a submit, a job ending), growing by half each
 * quiet round up to a ceiling, so an idle 10-hour run asks the controller little while a busy one stays
 * responsive (snakemake's Slurm plugin and NERSC's guidance both ask not to hammer squeue).
 */
export class PollBackoff {
  private interval: number;

  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
  ) {
    this.interval = minMs;
  }

  current(): number {
    return this.interval;
  }

  reset(): void {
    this.interval = this.minMs;
  }

  grow(): void {
    this.interval = Math.min(this.maxMs, Math.max(this.minMs, Math.round(this.interval * 1.5)));
  }
}
