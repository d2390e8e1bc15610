/** The `run` table: one row of run metadata, the run's state and the last driver. */
import type { JobStateName } from '../model/job-state.js';
import { corrupt } from './db.js';
import type { Statements } from './statements.js';
import type { DriverInfo, RunRecord, StoredSite } from './types.js';

/** Schema 1 lacks the columns marked optional; a reader may meet such a file and reads it as it is. */
interface DbRun {
  run_id: string; name: string; uniq_proc_name: string; submit_dir: string; operator: string; project: string;
  campaign: string; payload_name: string; site: string; state: string; created_at: string; updated_at: string;
  config_path?: string | null; driver_pid?: number | null; driver_host?: string | null; driver_started_at?: string | null;
}

// SELECT * on purpose: it works on every schema version (see DbRun).
const SELECT_RUN = 'SELECT * FROM run WHERE id = 1';

function row(s: Statements): DbRun {
  const found = s.get(SELECT_RUN).get() as DbRun | undefined;
  if (!found) throw corrupt(s.db.name, new Error('it has no run row'));
  return found;
}

/** The run's metadata and state. */
export function readRun(s: Statements): RunRecord {
  const r = row(s);
  const site = parseSite(r.site);
  return {
    id: r.run_id, name: r.name, uniqProcName: r.uniq_proc_name, submitDir: r.submit_dir, state: r.state as JobStateName,
    operator: r.operator, project: r.project, campaign: r.campaign, payloadName: r.payload_name,
    computeSite: site.name, executor: site.executor, configPath: r.config_path ?? null,
    createdAt: r.created_at, updatedAt: r.updated_at,
    driver: r.driver_pid == null ? null : { pid: r.driver_pid, host: r.driver_host ?? '', startedAt: r.driver_started_at ?? '' },
  };
}

/** The compute site as stored at submit time; its settings are parsed again by the executor's settings module. */
export function readSite(s: Statements): StoredSite {
  return parseSite(row(s).site);
}

function parseSite(json: string): StoredSite {
  const site = JSON.parse(json) as { name?: unknown; executor?: unknown; settings?: unknown };
  return {
    name: String(site.name ?? ''),
    executor: String(site.executor ?? ''),
    settings: typeof site.settings === 'object' && site.settings !== null ? (site.settings as Record<string, unknown>) : {},
  };
}

/** Sets the run's state (a WmsStates name) in the run row. */
export function setRunStateRow(s: Statements, state: JobStateName, at: number): void {
  s.get('UPDATE run SET state = ?, updated_at = ? WHERE id = 1').run(state, new Date(at).toISOString());
}

/** Records the driver now working on the run, or clears it (null) when it stops. */
export function writeDriver(s: Statements, driver: DriverInfo | null): void {
  s.get('UPDATE run SET driver_pid = ?, driver_host = ?, driver_started_at = ?, updated_at = ? WHERE id = 1').run(
    driver?.pid ?? null, driver?.host ?? null, driver?.startedAt ?? null, new Date().toISOString(),
  );
}
