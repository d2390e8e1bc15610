import type { StatusReport } from '../report/status.js';
import type { AppContext } from './context.js';
import { findRunDir, readStatusReport } from './run-state.js';

/**
 * `bps status RUN`: the per-label table, read from bps.sqlite only (never the executor, never the logs), so
 * it answers at once at any scale, while a driver runs or after one died (then `driverAlive` is false and
 * jobs it left "running" are shown as such until a restart reconciles them).
 */
export function showStatus(runQuery: string, ctx: AppContext): StatusReport {
  return readStatusReport(findRunDir(runQuery, ctx));
}
