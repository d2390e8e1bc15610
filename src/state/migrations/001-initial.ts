/** The first schema of a run's bps.sqlite. */
export const SQL = `
CREATE TABLE run (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  run_id TEXT NOT NULL,
  name TEXT NOT NULL,
  uniq_proc_name TEXT NOT NULL,
  submit_dir TEXT NOT NULL,
  operator TEXT NOT NULL,
  project TEXT NOT NULL,
  campaign TEXT NOT NULL,
  payload_name TEXT NOT NULL,
  site TEXT NOT NULL,            -- JSON: the compute site as resolved at submit time
  state TEXT NOT NULL,           -- a ctrl_bps WmsStates name
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE labels (
  idx INTEGER PRIMARY KEY,       -- position in pipeline (topological) order
  label TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  spec TEXT NOT NULL,            -- JSON LabelSpec: command, resources, retry policy, environment
  expected INTEGER NOT NULL
);
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,        -- job index + 1
  name TEXT NOT NULL UNIQUE,
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
CREATE INDEX jobs_state ON jobs (state);
CREATE TABLE edges (parent INTEGER NOT NULL, child INTEGER NOT NULL);
CREATE TABLE attempts (
  job_id INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  external_id TEXT,
  start_ticks INTEGER,
  memory_mib INTEGER,
  submitted_at INTEGER,
  started_at INTEGER,
  ended_at INTEGER,
  outcome TEXT,
  exit_code INTEGER,
  signal TEXT,
  reason TEXT,
  PRIMARY KEY (job_id, attempt)
) WITHOUT ROWID;
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  job_id INTEGER,
  type TEXT NOT NULL,
  detail TEXT
);
-- Kept current in the same transactions as the jobs, so status is O(labels) at any scale.
CREATE TABLE label_counts (
  label_idx INTEGER NOT NULL,
  state INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (label_idx, state)
) WITHOUT ROWID;
`;
