/**
 * The shape of an executor plug-in: one folder under src/executors/ exports one of these, and
 * registry.ts lists it (docs/ARCHITECTURE.md, "Adding an executor").
 */
import type { Logger } from '../log/logger.js';
import type { PingCheck } from '../model/ping-check.js';
import type { PlanModel } from '../model/plan.js';
import type { CommandProbe } from '../process/probe.js';
import type { SettingsSchema } from '../settings/schema.js';
import type { Executor } from './contract.js';

/** What an executor is made with besides its settings. */
export interface ExecutorDeps {
  readonly logger: Logger;
  /** The compute site's name, for messages. */
  readonly siteName: string;
  /** The run it works for: batch executors name their jobs after it and write scripts into its folder. */
  readonly run: { readonly id: string; readonly submitDir: string };
  /** The environment of the commands it starts (client commands; jobs get theirs in JobLaunch). */
  readonly env: NodeJS.ProcessEnv;
}

/** What `bps ping` gives an executor to check its site with. */
export interface PingDeps {
  readonly env: Readonly<Record<string, string>>;
  readonly probe: CommandProbe;
}

/** One of a run's batch allocations that run its driver ({@link BatchDriver}). */
export interface DriverAllocation {
  /** The batch system's id. */
  readonly id: string;
  readonly state: 'queued' | 'running';
  /** Why it waits (`Dependency`, `Priority`, …); '' when running. */
  readonly reason: string;
}

/** What a {@link BatchDriver} is given to act for a run. */
export interface BatchDriverContext {
  readonly logger: Logger;
  readonly siteName: string;
  readonly run: { readonly id: string; readonly submitDir: string };
  /** The environment of the batch client commands, and the one the allocation inherits. */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * For executors whose jobs run inside batch allocations that their driver must run in too (executor:
 * allocation; docs/SLURM.md, "From a login node"). Outside an allocation, `bps submit` and `bps restart` do
 * not drive the run: they queue an allocation whose batch script runs `command` (the driver), at most one
 * queued behind the one running, and follow the run from its published status.
 */
export interface BatchDriver<S> {
  /** Whether this environment is inside an allocation a driver can use (then it drives here). */
  insideAllocation(env: NodeJS.ProcessEnv): boolean;
  /** Whether this environment is one of the run's own allocations (its driver keeps their chain going). */
  ownAllocation(env: NodeJS.ProcessEnv, runId: string): boolean;
  /** The run's allocations the batch system still holds, running or queued. */
  list(settings: S, ctx: BatchDriverContext): Promise<DriverAllocation[]>;
  /** Queues one more allocation running `command` (argv) from `cwd`, behind the run's others; returns its id. */
  queue(settings: S, ctx: BatchDriverContext, driver: { readonly command: readonly string[]; readonly cwd: string }): Promise<string>;
  /** Cancels these allocations (their running steps end with them). */
  cancel(settings: S, ctx: BatchDriverContext, ids: readonly string[]): Promise<void>;
  /** Cancels the run's job steps still running in any allocation (a driver killed hard leaves them); returns how many. */
  cancelSteps(settings: S, ctx: BatchDriverContext): Promise<number>;
}

export interface ExecutorPlugin<S> {
  /** The name a site's `executor:` key gives. */
  readonly name: string;
  /** One line for docs/REFERENCE.md. */
  readonly description: string;
  /** Its `site.<name>` keys: meaning, default, validation and error wording, written once. */
  readonly settings: SettingsSchema<S>;
  create(settings: S, deps: ExecutorDeps): Promise<Executor>;
  /** Checks that what the site names exists and answers here; none when there is nothing to check. */
  ping?(settings: S, deps: PingDeps): Promise<PingCheck[]>;
  /** Present when the run's driver must run inside a batch allocation of its own (see {@link BatchDriver}). */
  readonly batchDriver?: BatchDriver<S>;
  /** How `bps plan` simulates this executor: its capacity and what it submits (may ask the batch system, e.g. cores per node). */
  plan(settings: S, deps: PingDeps): Promise<PlanModel>;
}
