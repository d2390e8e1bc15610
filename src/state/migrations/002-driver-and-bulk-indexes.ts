/**
 * Schema 2.
 * - run: the config path and the last driver's pid, host and start time (informational; the lock is
 *   driver.pid).
 * - jobs: rebuilt so that name uniqueness is a named index rather than an inline UNIQUE. createRunState
 *   drops the named indexes, loads a million rows and builds them once at the end, twice as fast as
 *   maintaining them row by row; an inline UNIQUE cannot be dropped.
 * - jobs (state, label_idx) replaces jobs (state): the in-flight and failed lists by state, and one
 *   label's jobs by (state list, label).
 * - dag_csr: the edges again as CSR blobs (they never change after creation), so a restart loads 2M
 *   edges in milliseconds instead of iterating rows for seconds. The edges table stays for SQL queries.
 */
export const SQL = `
ALTER TABLE run ADD COLUMN config_path TEXT;
ALTER TABLE run ADD COLUMN driver_pid INTEGER;
ALTER TABLE run ADD COLUMN driver_host TEXT;
ALTER TABLE run ADD COLUMN driver_started_at TEXT;

CREATE TABLE jobs_v2 (
  id INTEGER PRIMARY KEY,        -- job index + 1
  name TEXT NOT NULL,            -- unique: jobs_name
  label_idx INTEGER NOT NULL,
  quanta TEXT NOT NULL,          -- sorted, comma-joined quantum UUIDs ({qgraphNodeId})
  data_id TEXT,                  -- JSON
  state INTEGER NOT NULL,        -- JobState code
  attempt INTEGER NOT NULL DEFAULT 0,
  retries_used INTEGER NOT NULL DEFAULT 0,
  memory_mib INTEGER NOT NULL,
  exit_code INTEGER,
  external_id TEXT,              -- the current attempt's pid / Slurm id while in flight
  start_ticks INTEGER,
  reason TEXT,
  updated_at INTEGER
);
INSERT INTO jobs_v2 (id, name, label_idx, quanta, data_id, state, attempt, retries_used, memory_mib, exit_code, external_id, start_ticks, reason, updated_at)
  SELECT id, name, label_idx, quanta, data_id, state, attempt, retries_used, memory_mib, exit_code, external_id, start_ticks, reason, updated_at FROM jobs;
DROP TABLE jobs;
ALTER TABLE jobs_v2 RENAME TO jobs;
CREATE UNIQUE INDEX jobs_name ON jobs (name);
CREATE INDEX jobs_state_label ON jobs (state, label_idx);

CREATE TABLE dag_csr (
  name TEXT PRIMARY KEY,         -- 'childStart' (jobCount + 1 entries) or 'childList'
  data BLOB NOT NULL             -- little-endian uint32 array
);
`;
