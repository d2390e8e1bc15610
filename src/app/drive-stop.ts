/** How a drive is stopped from outside (signals, `bps cancel`) and what a stopped drive tells the user. */
import { BpsError, HandedBackError, InterruptedError } from '../errors.js';
import type { StopMode } from '../scheduler/driver.js';
import { cancelRequested } from './cancel-request.js';
import type { AppContext } from './context.js';

/**
 * First SIGINT/SIGTERM stops the run gracefully (a `cancel.request` file in the run folder, written by
 * `bps cancel`, turns it into a cancel); a second one exits at once with 130. Slurm's SIGTERM at an
 * allocation's time limit is such a first signal: the jobs are stopped and recorded for the next driver.
 */
export function installSignalHandlers(stop: (mode: Exclude<StopMode, 'yield'>) => void, ctx: AppContext, submitDir: string): () => void {
  let count = 0;
  const handler = (signal: NodeJS.Signals) => {
    count += 1;
    if (count > 1) process.exit(130);
    const mode = cancelRequested(submitDir) ? 'cancel' : 'interrupt';
    ctx.logger.warn(`${signal} received: stopping the running jobs (again to exit at once)`);
    stop(mode);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/**
 * The error a stopped drive turns into at the CLI: 130 and how to resume; 1 after `bps cancel`; 75 when
 * the driver handed its allocation back with work left (the next allocation, or a restart, goes on).
 */
export function stoppedError(runName: string, mode: StopMode): BpsError {
  if (mode === 'cancel') return new BpsError(`Run '${runName}' was cancelled (bps cancel); its running jobs were stopped and recorded as DELETED.`);
  if (mode === 'yield') {
    return new HandedBackError(`Run '${runName}' is not finished: no job left fits in the time left of this allocation, so the driver handed it back.`, {
      hint: `The run stays RUNNING: 'bps restart ${runName}' in a new allocation (or from a login node) goes on.`,
    });
  }
  return new InterruptedError(`Run '${runName}' was interrupted; its running jobs were stopped and recorded.`, {
    hint: `Resume it with 'bps restart ${runName}'.`,
  });
}
