/** ctrl_bps's lines that name a run as it is made: `Submit dir:`, `Run Id:`, `Run Name:`. */
import type { RunIdentity, RunObserver } from './run-observer.js';

export class IdentityLines implements RunObserver {
  constructor(private readonly line: (text: string) => void) {}

  submitDir(path: string): void {
    this.line(`Submit dir: ${path}`);
  }

  submitted(run: RunIdentity): void {
    this.line(`Run Id: ${run.runId}`);
    this.line(`Run Name: ${run.runName}`);
  }
}

/** One observer that tells each of `observers`, in order. */
export function combineObservers(...observers: readonly RunObserver[]): RunObserver {
  return {
    submitDir: (path) => observers.forEach((o) => o.submitDir?.(path)),
    submitted: (run) => observers.forEach((o) => o.submitted?.(run)),
    commandOutput: (line) => observers.forEach((o) => o.commandOutput?.(line)),
    round: (report) => observers.forEach((o) => o.round?.(report)),
    plan: (plan) => observers.forEach((o) => o.plan?.(plan)),
    started: (job, label, at) => observers.forEach((o) => o.started?.(job, label, at)),
    ranFor: (label, seconds, job) => observers.forEach((o) => o.ranFor?.(label, seconds, job)),
    failure: (failure) => observers.forEach((o) => o.failure?.(failure)),
    finished: (report) => observers.forEach((o) => o.finished?.(report)),
  };
}
