import type { RunRecord, SchedulingSnapshot, SiteSettings } from '../state/types.js';
import type { JobHandle } from '../executors/types.js';
import type { RoundSink } from '../scheduler/round.js';
import type { JobStateName, LabelSpec } from '../workflow/types.js';

/** The state operations the driver needs, over one run's bps.sqlite (implemented in run-state.ts). */
export interface DriverStore extends RoundSink {
  run(): RunRecord;
  snapshot(): SchedulingSnapshot;
  labelSpecs(): ReadonlyMap<string, LabelSpec>;
  /** The compute site's settings as resolved at submit time (executor name and its options). */
  site(): SiteSettings;
  /** Name, label and comma-joined quantum UUIDs of a job (by index). */
  job(index: number): { readonly name: string; readonly label: string; readonly quanta: string };
  /** Handles of the attempts an earlier driver left in flight. */
  inFlight(): JobHandle[];
  setRunState(state: JobStateName): void;
  close(): void;
}
