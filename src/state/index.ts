/**
 * The state layer's public API: one SQLite file per run (`<submitDir>/bps.sqlite`) and the user-level
 * index of runs. The only code in bps-ts that speaks SQL or imports better-sqlite3.
 */
export { createRunState, type CreatedRun, type RunInit } from './create-run.js';
export type { JobsByLabelOptions } from './jobs.js';
export { SCHEMA_VERSION } from './migrations/index.js';
export { newRunId } from './run-id.js';
export { openReadOnly, openRunState, RunDatabase } from './run-db.js';
export {
  defaultBpsHome, listRuns, registerRun, resolveRun, RUN_INDEX_FILE, RUN_STATE_FILE, RunIndex,
  type IndexedRun, type ResolvedRun, type RunListing,
} from './run-index.js';
export type * from './types.js';
