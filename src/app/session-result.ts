/** How a `bps submit` / `bps restart` session ended (app/drive-session.ts). */
import type { StatusReport } from '../report/status.js';
import type { DriverResult } from '../scheduler/driver.js';

/**
 * How a session ended: a background driver (or, for an allocation site from a login node, a queued
 * allocation that will run it), or the run driven here, or followed in its allocations, until it ended or
 * was stopped.
 */
export type DriveSessionResult =
  | { readonly kind: 'detached'; readonly pid?: number; readonly allocation?: string }
  | { readonly kind: 'driven' | 'followed'; readonly result: DriverResult; readonly report: StatusReport; readonly exitCode: number };
