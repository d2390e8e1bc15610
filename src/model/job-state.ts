/**
 * Job states with ctrl_bps's WmsStates names and values (the values are `bps status --exit-code` codes),
 * and the one layout of per-label state counts that the state layer and the scheduler share.
 */
export const JobState = {
  SUCCEEDED: 0,
  UNKNOWN: 10,
  MISFIT: 11,
  UNREADY: 12,
  READY: 13,
  PENDING: 14,
  RUNNING: 15,
  DELETED: 16,
  HELD: 17,
  FAILED: 19,
  PRUNED: 20,
} as const;

export type JobStateName = keyof typeof JobState;

/** A job-state code (ctrl_bps WmsStates value). */
export type StateCode = (typeof JobState)[keyof typeof JobState];

const NAMES = new Map<number, JobStateName>(Object.entries(JobState).map(([name, code]) => [code, name as JobStateName]));

/** Every state name, in JobState's order. */
export const STATE_NAMES = Object.keys(JobState) as JobStateName[];

/** Whether `code` is a JobState code. */
export function isStateCode(code: number): code is StateCode {
  return NAMES.has(code);
}

/** The WmsStates name of a state code; UNKNOWN for a code this version does not know. */
export function stateName(code: number): JobStateName {
  return NAMES.get(code) ?? 'UNKNOWN';
}

/** A record with every state at zero. */
export function zeroCounts(): Record<JobStateName, number> {
  return Object.fromEntries(STATE_NAMES.map((name) => [name, 0])) as Record<JobStateName, number>;
}

/** States whose job has a live attempt in the executor. */
export const IN_FLIGHT_CODES: readonly number[] = [JobState.PENDING, JobState.RUNNING, JobState.HELD];

const SETTLED = new Set<number>([JobState.SUCCEEDED, JobState.FAILED, JobState.PRUNED, JobState.DELETED]);

/** True for states a job never leaves on its own (a restart with --retry-failed may reopen FAILED/PRUNED). */
export function isSettled(state: number): boolean {
  return SETTLED.has(state);
}

/**
 * Room per label in counts laid out as `label * STATE_SLOTS + state` (every code is below 32): the layout
 * of the state file's label_counts deltas and of the scheduler's in-memory counts.
 */
export const STATE_SLOTS = 32;

/** The slot of (label, state) in counts laid out by {@link STATE_SLOTS}. */
export function countSlot(label: number, state: number): number {
  return label * STATE_SLOTS + state;
}
