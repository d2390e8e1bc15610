/**
 * What the allocation executor keeps in a JobHandle to find a step again after a restart: the handle's
 * external id is the allocation's Slurm id, its opaque detail a small JSON record of where the step runs
 * (node, cores, memory: its room in the node account) and which wrapper runs its srun (host, pid, start
 * ticks: a pid means nothing on another host, and a reused pid is told apart by its start time).
 */
import type { JobHandle } from '../../model/outcome.js';
import type { Placement } from './node-pool.js';

/** An allocation step's handle detail. */
export interface StepDetail extends Placement {
  /** The host the launcher wrapper (and srun) runs on: the allocation's batch host. */
  readonly host: string;
  readonly pid?: number;
  readonly ticks?: number;
}

/** The detail as stored with the handle (JSON). */
export function encodeDetail(detail: StepDetail): string {
  return JSON.stringify(detail);
}

/** The step detail of a handle; undefined for a handle this executor did not write (or a damaged one). */
export function decodeDetail(handle: JobHandle): StepDetail | undefined {
  if (handle.detail === undefined) return undefined;
  try {
    const parsed = JSON.parse(handle.detail) as Partial<StepDetail>;
    if (typeof parsed.node !== 'string' || typeof parsed.host !== 'string' || typeof parsed.cpus !== 'number' || typeof parsed.memoryMiB !== 'number') return undefined;
    return parsed as StepDetail;
  } catch {
    return undefined;
  }
}
