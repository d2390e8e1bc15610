/**
 * What `bps plan` reasons about (docs/ARCHITECTURE.md, "bps plan"): the jobs of a run as typed arrays,
 * a simulated schedule of them, and what an executor makes of that schedule. In the base layer so the
 * executors (which know how they submit) and the planner (which simulates) share it.
 */

/** The jobs of a planned run, by job index (a topological order: parents first). */
export interface PlanJobs {
  readonly count: number;
  readonly cpus: Uint16Array;
  readonly memoryMiB: Float64Array;
  /** The job's requestWalltime (a cluster's: its quanta's sum), seconds; NaN when none. */
  readonly walltimeSec: Float64Array;
  /** The run time the plan assumes, seconds; NaN when nothing says (no history, no requestWalltime). */
  readonly durationSec: Float64Array;
  /** Dependencies as parallel arrays: `edgeFrom[e]` runs before `edgeTo[e]`. */
  readonly edgeFrom: Uint32Array;
  readonly edgeTo: Uint32Array;
}

/** A simulated run: when each job became ready, started and ended (seconds from the start). */
export interface Schedule {
  readonly ready: Float64Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** When the last job ends. */
  readonly makespanSec: number;
  /** The most jobs running at once. */
  readonly peakRunning: number;
  /** The allocations used, for executors that run jobs inside them: start and end of each, in order. */
  readonly windows: ReadonlyArray<{ readonly start: number; readonly end: number }>;
}

/** How an executor runs jobs, for the simulation. */
export interface PlanCapacity {
  /** Cores the jobs share at once; undefined when the batch system takes them all (and queues them). */
  readonly cores?: number;
  /** Jobs run in allocations of this many seconds, one after another, each holding `nodes` nodes. */
  readonly window?: { readonly seconds: number; readonly marginSec: number; readonly nodes: number; readonly coresPerNode: number };
}

/** What an executor would submit to its batch system for a schedule. */
export interface SubmissionPlan {
  /** One line per kind of submission, for the table (`sbatch calls: 4 (between 2 and 31)`). */
  readonly lines: ReadonlyArray<{ readonly what: string; readonly count: number; readonly min?: number; readonly max?: number; readonly note?: string }>;
  /** Allocations, for executors that run jobs in them. */
  readonly allocations?: { readonly count: number; readonly nodes: number; readonly seconds: number; readonly nodeHours: number };
}

/** An executor's part of a plan: its capacity, and what it submits for the simulated schedule. */
export interface PlanModel {
  readonly capacity: PlanCapacity;
  submissions(jobs: PlanJobs, schedule: Schedule): SubmissionPlan;
}
