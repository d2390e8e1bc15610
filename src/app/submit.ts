import type { RunObserver } from '../report/run-observer.js';
import type { AppContext } from './context.js';
import { driveSession, type DriveSessionResult } from './drive-session.js';
import { prepareSubmission } from './prepare.js';

export interface SubmitRequest {
  readonly configPath: string;
  readonly overrides: Readonly<Record<string, string>>;
  readonly detach: boolean;
  readonly observer: RunObserver;
}

/**
 * `bps submit`: prepare (config, submit dir, graph, workflow, bps.sqlite), announce the run as ctrl_bps does
 * (`Submit dir:`, `Run Id:`, `Run Name:`), then drive it to the end here — or, with `--detach`, in a
 * background process that survives logout.
 */
export async function submitRun(request: SubmitRequest, ctx: AppContext): Promise<DriveSessionResult> {
  const prepared = await prepareSubmission({ configPath: request.configPath, overrides: request.overrides, stage: 'submit', observer: request.observer }, ctx);
  return driveSession({ submitDir: prepared.submitDir, detach: request.detach, observer: request.observer, announceSubmission: true }, ctx);
}
