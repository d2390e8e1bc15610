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

export type { SiteSettings } from '../executors/types.js';
