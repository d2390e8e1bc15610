/**
 * The state layer's public API: one SQLite file per run (`<submitDir>/bps.sqlite`), the run folder's
 * driver lock, and the user-level index of runs. The only code in bps-ts that speaks SQL or imports
 * better-sqlite3.
 */
export { createRunState, type CreatedRun } from './create-run.js';
export { acquireDriverLock, assertNoLiveDriver, DRIVER_LOCK_FILE, isDriverAlive, readDriverLock, type DriverLockInfo, type LockOptions } from './driver-lock.js';
export type { JobsByLabelOptions } from './jobs.js';
export { SCHEMA_VERSION } from './migrations/index.js';
export { newRunId } from './run-id.js';
export { SNAPSHOT_FILE } from './snapshot.js';
export { openReadOnly, openRunState, RunDatabase } from './run-db.js';
export { listRuns, registerRun, resolveRun, RUN_INDEX_FILE, RUN_STATE_FILE, RunIndex, type IndexedRun, type ResolvedRun, type RunListing } from './run-index.js';
export type * from './types.js';
