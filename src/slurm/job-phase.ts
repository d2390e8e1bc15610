/**
 * Where a job stands, from one Slurm record: queued (with its reason, held or not), running, or ended
 * with an outcome. Slurm's state words are mapped once here, for every executor that reads Slurm.
 */
import type { JobOutcome } from '../model/outcome.js';
import { signalName } from '../model/signals.js';
import type { SlurmJobRecord } from './record.js';

/** Where a job stands, from one record. */
export type SlurmPhase =
  | { readonly kind: 'queued'; readonly reason: string; readonly held: boolean }
  | { readonly kind: 'running' }
  | { readonly kind: 'ended'; readonly outcome: JobOutcome };

/** Not started yet, or put back in the queue to start over (a requeued job shows PENDING/BeginTime, captured). */
const QUEUED_STATES = new Set(['PENDING', 'REQUEUED', 'REQUEUE_FED', 'CONFIGURING']);
/** States that only an admin or user release gets out of. SPECIAL_EXIT is a requeue in held state. */
const HELD_STATES = new Set(['REQUEUE_HOLD', 'RESV_DEL_HOLD', 'SPECIAL_EXIT']);
const HELD_REASONS = new Set(['JobHeldUser', 'JobHeldAdmin']);
/**
 * Started and holding its allocation. SUSPENDED and STOPPED count as running: the payload has started and
 * will continue where it stopped, so reporting it as waiting would suggest it may start over.
 */
const RUNNING_STATES = new Set(['RUNNING', 'COMPLETING', 'SIGNALING', 'STAGE_OUT', 'RESIZING', 'SUSPENDED', 'STOPPED']);
/** The batch system lost the job; nothing is known about the payload, so it is rerun without using a retry. */
const LOST_STATES = new Set(['NODE_FAIL', 'PREEMPTED', 'BOOT_FAIL', 'REVOKED']);

function failedOutcome(record: SlurmJobRecord): JobOutcome {
  if ((record.exitCode ?? 0) > 0) return { kind: 'exited', exitCode: record.exitCode! };
  // `kill -9 $$` in the batch script: FAILED, Reason=JobLaunchFailure, ExitCode=0:9 (docs/SLURM.md, captured).
  if ((record.signal ?? 0) > 0) return { kind: 'signaled', signal: signalName(record.signal!) };
  // FAILED with 0:0 still failed: never let it pass for success.
  return { kind: 'exited', exitCode: 1 };
}

function cancelledReason(record: SlurmJobRecord): string {
  if (record.cancelledBy !== undefined) return `by uid ${record.cancelledBy}`;
  // Otherwise Slurm's reason: DependencyNeverSatisfied (scontrol/squeue) or Dependency (sacct) when slurmctld
  // cancelled it under kill_invalid_depend; after a scancel of a pending job squeue/scontrol keep the job's
  // last wait reason (captured: Resources, JobHeldUser).
  return record.reason === '' ? 'cancelled' : record.reason;
}

function endedOutcome(record: SlurmJobRecord): JobOutcome {
  switch (record.state) {
    case 'COMPLETED':
      return { kind: 'exited', exitCode: record.exitCode ?? 0 };
    case 'FAILED':
      return failedOutcome(record);
    case 'TIMEOUT':
    case 'DEADLINE':
      return { kind: 'timeout' };
    case 'OUT_OF_MEMORY':
      return { kind: 'out-of-memory' };
    case 'CANCELLED':
      return { kind: 'cancelled', reason: cancelledReason(record) };
    default: {
      // NODE_FAIL & co, and UNKNOWN or any word this module does not know: never success.
      const prefix = LOST_STATES.has(record.state) ? record.state : `unrecognised Slurm state ${record.state}`;
      return { kind: 'lost', reason: record.reason === '' ? prefix : `${prefix} (${record.reason})` };
    }
  }
}

/**
 * COMPLETED -> exited with its exit code; FAILED -> exited(N) / signaled / exited(1); TIMEOUT and DEADLINE ->
 * timeout; OUT_OF_MEMORY -> out-of-memory; NODE_FAIL, PREEMPTED, BOOT_FAIL, REVOKED -> lost; CANCELLED ->
 * cancelled; UNKNOWN and unrecognised words -> lost. Queued and running states as documented on the sets above.
 */
export function classifySlurmRecord(record: SlurmJobRecord): SlurmPhase {
  if (QUEUED_STATES.has(record.state) || HELD_STATES.has(record.state)) {
    const held = HELD_STATES.has(record.state) || HELD_REASONS.has(record.reason);
    return { kind: 'queued', reason: record.reason === '' ? record.state : record.reason, held };
  }
  if (RUNNING_STATES.has(record.state)) return { kind: 'running' };
  return { kind: 'ended', outcome: endedOutcome(record) };
}

