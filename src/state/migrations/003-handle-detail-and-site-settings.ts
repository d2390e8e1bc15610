/**
 * Schema 3.
 * - jobs.start_ticks and attempts.start_ticks become `detail`: an executor-specific text that a handle
 *   carries opaquely (the local executor's start ticks, an allocation step's id…), so the state layer
 *   knows nothing of any one executor.
 * - run.site: `{name, executor, maxJobs?, cores?, memoryMiB?, options}` becomes `{name, executor, settings}`,
 *   the settings as the executor's own settings module reads them (local's memory key is `memory`).
 */
export const SQL = `
ALTER TABLE jobs ADD COLUMN detail TEXT;
UPDATE jobs SET detail = CAST(start_ticks AS TEXT) WHERE start_ticks IS NOT NULL;
ALTER TABLE jobs DROP COLUMN start_ticks;
ALTER TABLE attempts ADD COLUMN detail TEXT;
UPDATE attempts SET detail = CAST(start_ticks AS TEXT) WHERE start_ticks IS NOT NULL;
ALTER TABLE attempts DROP COLUMN start_ticks;
UPDATE run SET site = json_object(
  'name', json_extract(site, '$.name'),
  'executor', json_extract(site, '$.executor'),
  'settings', json(json_patch(COALESCE(json_extract(site, '$.options'), '{}'), json_object(
    'maxJobs', json_extract(site, '$.maxJobs'),
    'cores', json_extract(site, '$.cores'),
    'memory', json_extract(site, '$.memoryMiB'))))
) WHERE json_extract(site, '$.settings') IS NULL;
`;
