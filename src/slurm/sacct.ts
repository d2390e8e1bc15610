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

/** A job step as sacct reports it (`<job>.<step>` rows). */
export interface SlurmStepRecord extends SlurmJobRecord {
  /** The allocation's id. */
  readonly jobId: string;
  /** The step number (`0`, `1`, …); batch and extern steps are left out. */
  readonly step: string;
}

/**
 * Parses the numbered step rows (`656.3`) of `sacct -P` output printed with {@link SACCT_FIELDS} and without
 * -X (docs/SLURM.md, "Allocations: what srun does"): a step srun created, with its state and exit code.
 */
export function parseSacctSteps(stdout: string): SlurmStepRecord[] {
  const steps: SlurmStepRecord[] = [];
  for (const [idRaw, , state, exitCode, reason, name] of splitRows(stdout, SACCT_FIELDS.length, 'sacct output')) {
    const match = /^(\d+)\.(\d+)$/.exec(idRaw!.trim());
    if (!match) continue;
    steps.push({ ...makeRecord({ id: idRaw!.trim(), name: name!, state: state!, reason: reason!, exitCode: exitCode! }), jobId: match[1]!, step: match[2]! });
  }
  return steps;
}
