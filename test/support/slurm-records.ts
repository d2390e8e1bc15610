/**
 * Helpers for the tests of Slurm's output parsers, run on REAL Slurm 22.05.8 output captured from the local
 * cluster by test/fixtures/slurm/capture.sh. Every captured job is named cap-<what>, so records are found by
 * name (ids change with every capture). The `*-handwritten.txt` fixtures hold states this machine cannot
 * produce (OUT_OF_MEMORY needs cgroups, PREEMPTED a preemption setup, BOOT_FAIL power-saving nodes, …): they
 * are written by hand in the same format as the captured files next to them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SlurmPhase } from '../../src/slurm/job-phase.js';
import type { SlurmJobRecord } from '../../src/slurm/record.js';
import { SLURM_FIXTURE_DIR } from './slurm.js';

export const fixture = (name: string): string => readFileSync(join(SLURM_FIXTURE_DIR, name), 'utf8');

export function byName(records: readonly SlurmJobRecord[], name: string): SlurmJobRecord {
  const found = records.filter((r) => r.name === name);
  assert.equal(found.length, 1, `exactly one record named ${name}, got ${found.length}`);
  return found[0]!;
}

/** Everything but the id, which changes per capture. */
export function shape(record: SlurmJobRecord): Omit<SlurmJobRecord, 'id' | 'arrayId'> {
  const { id: _id, arrayId: _arrayId, ...rest } = record;
  return rest;
}

export const ended = (outcome: unknown): SlurmPhase => ({ kind: 'ended', outcome }) as SlurmPhase;
export const queued = (reason: string, held = false): SlurmPhase => ({ kind: 'queued', reason, held });
export const RUNNING: SlurmPhase = { kind: 'running' };
