import { SACCT_FIELDS } from './args.js';
import { makeRecord, splitRows, type SlurmJobRecord } from './record.js';

/**
 * Parses `sacct` output printed with {@link sacctArgs}. Step rows (`123.batch`, `123.extern`, present when -X
 * is left out) are skipped. With `-D` a requeued job has one row per attempt, oldest first: the last one wins
 * (captured: NODE_FAIL, then `CANCELLED by 0` for the requeued attempt).
 */
export function parseSacct(stdout: string): SlurmJobRecord[] {
  const byId = new Map<string, SlurmJobRecord>();
  for (const [idRaw, jobId, state, exitCode, reason, name] of splitRows(stdout, SACCT_FIELDS.length, 'sacct output')) {
    const id = idRaw!.trim();
    if (id.includes('.')) continue;
    const arrayId = jobId!.includes('_') ? jobId!.trim() : undefined;
    byId.delete(id);  // keep the order of the rows that win
    byId.set(id, makeRecord({ id, arrayId, name: name!, state: state!, reason: reason!, exitCode: exitCode! }));
  }
  return [...byId.values()];
}
