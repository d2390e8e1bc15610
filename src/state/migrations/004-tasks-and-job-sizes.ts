/**
 * Schema 4: clustered jobs (docs/ARCHITECTURE.md, "Clustering").
 * - tasks: the run's task labels in pipeline order. A job (a cluster) holds quanta of one or several of
 *   them: jobs.task_idx names the one task label of a job whose quanta all have it, and job_tasks lists
 *   the task labels and quanta counts of a job with several (NULL task_idx, quanta_count > 0). Init and
 *   final jobs hold no quanta.
 * - task_counts: quanta per task label and job state (each quantum counts in its job's state), kept in
 *   the same transactions as label_counts, so `bps status` stays O(labels) with clusters too.
 * - jobs.walltime_sec: each job's own wall time request; a cluster sums its quanta's (ctrl_bps's rule).
 * Runs made before clustering had one quantum per payload job and one task label per payload job label.
 */
export const SQL = `
ALTER TABLE jobs ADD COLUMN walltime_sec REAL;
ALTER TABLE jobs ADD COLUMN task_idx INTEGER;
ALTER TABLE jobs ADD COLUMN quanta_count INTEGER NOT NULL DEFAULT 0;
CREATE TABLE tasks (
  idx INTEGER PRIMARY KEY,       -- pipeline order
  label TEXT NOT NULL UNIQUE
);
CREATE TABLE job_tasks (
  job_id INTEGER NOT NULL,
  task_idx INTEGER NOT NULL,
  quanta INTEGER NOT NULL,
  PRIMARY KEY (job_id, task_idx)
) WITHOUT ROWID;
CREATE TABLE task_counts (
  task_idx INTEGER NOT NULL,
  state INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (task_idx, state)
) WITHOUT ROWID;
INSERT INTO tasks (idx, label) SELECT idx, label FROM labels WHERE kind = 'payload';
UPDATE jobs SET task_idx = label_idx, quanta_count = 1 WHERE label_idx IN (SELECT idx FROM labels WHERE kind = 'payload');
INSERT INTO task_counts (task_idx, state, count) SELECT label_idx, state, count FROM label_counts WHERE label_idx IN (SELECT idx FROM labels WHERE kind = 'payload');
`;
