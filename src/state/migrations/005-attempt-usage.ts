/**
 * Schema 5: what each attempt used (docs/ARCHITECTURE.md, "Learned resources"), as its executor measured
 * it: peak resident memory (MiB), CPU seconds and the payload's own run time (seconds; the driver's
 * started_at/ended_at also hold a job's wait in the batch queue and the poll's lag). NULL where the
 * executor did not know, and in every attempt of an older run.
 */
export const SQL = `
ALTER TABLE attempts ADD COLUMN max_rss_mib REAL;
ALTER TABLE attempts ADD COLUMN cpu_sec REAL;
ALTER TABLE attempts ADD COLUMN wall_sec REAL;
`;
