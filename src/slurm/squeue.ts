import { makeRecord, splitRows, type SlurmJobRecord } from './record.js';

/** Parses `squeue` output printed with {@link squeueArgs}. */
export function parseSqueue(stdout: string): SlurmJobRecord[] {
  return splitRows(stdout, 4, 'squeue output').map(([id, state, reason, name]) =>
    makeRecord({ id: id!.trim(), arrayId: id!.includes('_') ? id!.trim() : undefined, name: name!, state: state!, reason: reason! }));
}
