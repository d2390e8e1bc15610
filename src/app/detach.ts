import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StateError } from '../errors.js';
import { packageRoot } from '../paths.js';
import { spawnDetached } from '../process/detached.js';
import { isDriverAlive, readDriverLock } from '../state/index.js';
import type { AppContext } from './context.js';

/**
 * Starts `bps restart <submitDir>` as a background driver in its own session, with its output in
 * `<submit>/driver.out`, so it survives the terminal and the login session. Returns once the child holds
 * the run's driver lock, so a second submit or restart is refused from then on.
 */
export async function spawnDetachedDriver(submitDir: string, ctx: AppContext): Promise<number> {
  const bin = join(packageRoot(), 'bin', 'bps');
  const child = spawnDetached([process.execPath, bin, 'restart', submitDir, '--quiet'], { cwd: ctx.cwd, env: ctx.env, logPath: join(submitDir, 'driver.out') });
  const pid = child.pid;
  if (pid === undefined) throw new StateError('Could not start the background driver.');
  for (let waited = 0; waited < 30_000; waited += 100) {
    const lock = readDriverLock(submitDir);
    if (lock && lock.pid === pid && isDriverAlive(lock)) return pid;
    if (child.exitCode() !== null) break;
    await sleep(100);
  }
  throw new StateError(`The background driver did not start; see ${join(submitDir, 'driver.out')}.`);
}
