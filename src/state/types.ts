import type { JobStateName } from '../workflow/types.js';

/** What the driver reads back from bps.sqlite to (re)build its in-memory view of a run. */
export interface SchedulingSnapshot {
  readonly labels: readonly string[];
  readonly labelOf: Uint16Array;
  readonly states: Uint8Array;
  readonly attempt: Uint16Array;
  readonly retriesUsed: Uint16Array;
  readonly memoryMiB: Uint32Array;
  readonly edgeFrom: Uint32Array;
  readonly edgeTo: Uint32Array;
  readonly finalJob: { readonly index: number; readonly always: boolean } | undefined;
}

/** The run's metadata, as `status`/`report` show it. */
export interface RunRecord {
  readonly id: string;
  readonly name: string;
  readonly uniqProcName: string;
  readonly submitDir: string;
  readonly state: JobStateName;
  readonly operator: string;
  readonly project: string;
  readonly campaign: string;
  readonly payloadName: string;
  readonly computeSite: string;
}

/** A compute site as the executors need it, stored with the run so restart needs no config. */
export interface SiteSettings {
  readonly name: string;
  readonly executor: 'local' | 'slurm';
  /** Local: process slots. */
  readonly maxJobs?: number;
  /** Local: cores and memory (MiB) the pool may hand out. */
  readonly cores?: number;
  readonly memoryMiB?: number;
  /** Everything else (Slurm options …). */
  readonly options: Readonly<Record<string, unknown>>;
}
