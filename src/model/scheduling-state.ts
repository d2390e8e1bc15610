/**
 * What the scheduler keeps in memory about a run, indexed by job index: compact typed arrays plus the
 * edges in CSR form (children of job i are `childList[childStart[i] .. childStart[i+1])`). The state layer
 * loads it from bps.sqlite; job names, quanta and data IDs stay on disk.
 */
import type { JobKind } from './job-spec.js';

/** A job label in topological order (pipetaskInit first, finalJob last). */
export interface LabelInfo {
  readonly label: string;
  readonly kind: JobKind;
  /** Jobs of this label. */
  readonly expected: number;
}

export interface SchedulingState {
  readonly jobCount: number;
  readonly labels: readonly LabelInfo[];
  readonly labelOf: Uint16Array;
  /** JobState code per job. */
  readonly state: Uint8Array;
  readonly attempt: Uint16Array;
  readonly retriesUsed: Uint16Array;
  /** The current or next attempt's memory request (MiB). */
  readonly memoryMiB: Uint32Array;
  /** Length jobCount + 1. */
  readonly childStart: Uint32Array;
  readonly childList: Uint32Array;
  /** Number of parents per job (all of them, whatever their state). */
  readonly parentCount: Uint32Array;
  /** The finalJob's index; `always` when it has no parents (whenRun ALWAYS: started once all settled). */
  readonly finalJob: { readonly index: number; readonly always: boolean } | undefined;
}
