/**
 * Who watches a submission or a drive as it goes (docs/ARCHITECTURE.md, "Data flow"): the app layer tells
 * it what happens, and it decides what to show. The CLI's live table, its `--json` event lines and the
 * library's plain progress lines are each one of these.
 */
import type { AttemptFailure } from '../model/outcome.js';
import type { RunPlan } from './eta-model.js';
import type { StatusReport } from './status.js';

/** A run's identity, as `Run Id:` / `Run Name:` show it. */
export interface RunIdentity {
  readonly submitDir: string;
  readonly runId: string;
  readonly runName: string;
}

export interface RunObserver {
  /** The run folder exists (ctrl_bps prints `Submit dir: …` now). */
  submitDir?(path: string): void;
  /** The run's state is written: it has an id and a name. */
  submitted?(run: RunIdentity): void;
  /** A line of output of a command bps-ts runs itself (graph generation). */
  commandOutput?(line: string): void;
  /** After each committed round; `report()` builds the current status when the observer wants it. */
  round?(report: () => StatusReport): void;
  /** The run's label DAG and earlier run times, once as the drive starts (for the ETA). */
  plan?(plan: RunPlan): void;
  /** Job `job` of `label` started at `at`, ms since the epoch (the ETA counts down what it has left). */
  started?(job: number, label: string, at: number): void;
  /** Job `job` of `label` ran `seconds` (for the ETA). */
  ranFor?(label: string, seconds: number, job: number): void;
  /** An attempt ended without success. */
  failure?(failure: AttemptFailure): void;
  /** The drive ended (the final report follows from the caller). */
  finished?(report: StatusReport): void;
}
