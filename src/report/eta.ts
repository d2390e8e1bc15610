/** How fast a run goes and when it will end, from what its jobs did so far. */

/**
 * The ETA: the work left per label (waiting and running jobs × that label's mean observed run time; a
 * label not seen yet takes the mean of all) spread over as many jobs as have run at once so far. Until a
 * job has ended, no ETA. The rate shown is how fast jobs settled in this driver's lifetime.
 */
export class CompletionRate {
  private start: { at: number; done: number } | undefined;
  private readonly runTimes = new Map<string, { total: number; count: number }>();
  private widest = 1;

  /** One job of `label` ran `seconds`. */
  ranFor(label: string, seconds: number): void {
    const entry = this.runTimes.get(label) ?? { total: 0, count: 0 };
    entry.total += seconds;
    entry.count += 1;
    this.runTimes.set(label, entry);
  }

  observe(now: number, done: number, total: number, labels: ReadonlyArray<{ label: string; pending: number; running: number }> = []): { perMinute: number | undefined; text: string } {
    this.start ??= { at: now, done };
    this.widest = Math.max(this.widest, labels.reduce((n, l) => n + l.running, 0));
    const minutes = (now - this.start.at) / 60_000;
    const settled = done - this.start.done;
    // A rate over less than a few seconds or a single job says nothing yet.
    if (minutes < 0.05 || settled < 2) return { perMinute: undefined, text: '' };
    const perMinute = settled / minutes;
    const remaining = total - done;
    if (remaining === 0) return { perMinute, text: `${formatRate(perMinute)}, ETA now` };
    const seconds = this.etaSeconds(labels) ?? (remaining / perMinute) * 60;
    return { perMinute, text: `${formatRate(perMinute)}, ETA ${formatDuration(seconds)}` };
  }

  private etaSeconds(labels: ReadonlyArray<{ label: string; pending: number; running: number }>): number | undefined {
    let total = 0;
    let count = 0;
    for (const entry of this.runTimes.values()) (total += entry.total, count += entry.count);
    if (count === 0 || labels.length === 0) return undefined;
    const overall = total / count;
    let work = 0;
    for (const row of labels) {
      const seen = this.runTimes.get(row.label);
      work += (row.pending + row.running) * (seen ? seen.total / seen.count : overall);
    }
    return work / this.widest;
  }
}

function formatRate(perMinute: number): string {
  return perMinute >= 10 ? `${(perMinute / 60).toFixed(1)} jobs/s` : `${perMinute.toFixed(1)} jobs/min`;
}

/** `42s`, `7m05s`, `3h12m`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
