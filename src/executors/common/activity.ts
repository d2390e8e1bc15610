/**
 * An executor's "something happened" signal for the scheduler's waitForActivity: a wait that ends after
 * a timeout, or at once when the executor says a job's state changed (a helper reported an exit), or a
 * little later for news that can wait for company (see {@link Activity.signalWithin}).
 */
export class Activity {
  private wake: (() => void) | undefined;
  private soon: NodeJS.Timeout | undefined;

  /** Ends a pending wait, if any. */
  signal(): void {
    this.wake?.();
  }

  /**
   * Ends a pending wait within `ms`, or sooner with any other signal: a job's start needs telling, but not
   * a scheduler round of its own (each round is a commit: CPU a busy batch host's own daemons need).
   */
  signalWithin(ms: number): void {
    if (this.wake !== undefined && this.soon === undefined) this.soon = setTimeout(() => this.signal(), ms);
  }

  /** Resolves after `timeoutMs`, or as soon as {@link signal} is called. */
  wait(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        clearTimeout(this.soon);
        this.soon = undefined;
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.wake = done;
    });
  }
}
