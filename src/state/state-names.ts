import { JobState, type JobStateName } from '../workflow/types.js';

const NAMES = new Map<number, JobStateName>(Object.entries(JobState).map(([name, code]) => [code, name as JobStateName]));

/** Room per label in counts keyed `label * STATE_SLOTS + stateCode` (codes are < 32). */
export const STATE_SLOTS = 32;

/** Every state name, in JobState's order. */
export const STATE_NAMES = Object.keys(JobState) as JobStateName[];

/** States whose job has a live attempt in the executor. */
export const IN_FLIGHT_CODES: readonly number[] = [JobState.PENDING, JobState.RUNNING, JobState.HELD];

/** Whether `code` is a JobState code. */
export function isStateCode(code: number): boolean {
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
