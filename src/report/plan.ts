/** What `bps plan` returns; the table and `--json` both render it (schemas/plan.schema.json). */

/** Where a label's assumed run time comes from. */
export type DurationSource = 'history' | 'requestWalltime' | 'unknown';

export interface PlanLabel {
  readonly label: string;
  readonly jobs: number;
  readonly quanta: number;
  readonly cpus: number;
  /** The largest memory request of its jobs, MiB. */
  readonly memoryMiB: number;
  /** Mean assumed run time of its jobs, seconds; null when unknown. */
  readonly secondsPerJob: number | null;
  readonly source: DurationSource;
  /** cpus × run time over its jobs, hours; null when unknown. */
  readonly coreHours: number | null;
}

export interface PlanReport {
  readonly config: string;
  readonly site: { readonly name: string; readonly executor: string };
  /** The run the run times were learned from (`--like`), if any. */
  readonly like: string | null;
  readonly quanta: number;
  readonly jobs: number;
  /** Clusters (jobs holding quanta); the rest are pipetaskInit and finalJob. */
  readonly clusters: number;
  readonly labels: readonly PlanLabel[];
  /** Total cpus × run time, hours; null when some label's run time is unknown. */
  readonly coreHours: number | null;
  /** The longest chain of jobs: no schedule ends sooner. */
  readonly criticalPath: { readonly jobs: number; readonly seconds: number | null };
  /** When the simulated run ends, seconds; null when run times are unknown. */
  readonly makespanSeconds: number | null;
  /** The most jobs running (or queued, on Slurm) at once in the simulation. */
  readonly peakJobs: number;
  /** What the executor submits: one line per kind, with its expected count (and bounds). */
  readonly submissions: ReadonlyArray<{ readonly what: string; readonly count: number; readonly min?: number; readonly max?: number; readonly note?: string }>;
  /** For allocation sites: how many allocations and the node-hours they are charged. */
  readonly allocations: { readonly count: number; readonly nodes: number; readonly seconds: number | null; readonly nodeHours: number | null } | null;
}
