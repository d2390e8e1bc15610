/** How one watched Slurm job's record turns into events (the poll's per-job step). */
import type { JobHandle, JobOutcome } from '../../model/outcome.js';
import { classifySlurmRecord, type SlurmPhase } from '../../slurm/job-phase.js';
import type { SlurmJobRecord } from '../../slurm/record.js';
import type { JobEvent } from '../contract.js';
import { readExitFile } from '../common/run-files.js';

/** A job this executor watches. */
export interface Watched {
  handle: JobHandle;
  phase: 'queued' | 'running';
  reason: string;
  held: boolean;
  /** Polls in a row no Slurm command knew the job. */
  misses: number;
  /** When no Slurm command first knew the job: it counts as lost only after a while (records lag). */
  firstMissAt?: number;
}

/** What observing a record decided. */
export type Verdict =
  | { readonly kind: 'waiting' }
  | { readonly kind: 'finished'; readonly outcome: JobOutcome }
  /** Ended without an exit file and squeue prints no exit code: ask accounting, else use `fallback`. */
  | { readonly kind: 'ask-history'; readonly fallback: JobOutcome };

/** Turns a job's squeue record into events ('started', 'waiting') and a verdict. */
export function observe(job: Watched, record: SlurmJobRecord, events: JobEvent[]): Verdict {
  if (job.handle.externalId !== record.id) job.handle = { ...job.handle, externalId: record.id };
  const phase = classifySlurmRecord(record);
  if (phase.kind === 'ended') {
    // The job's own exit file beats Slurm's summary: it has the payload's code, not the shell's.
    const exit = readExitFile(job.handle.exitPath);
    if (exit) return { kind: 'finished', outcome: preferSlurmKill(exit, phase) };
    if (record.exitCode === undefined && (phase.outcome.kind === 'exited' || phase.outcome.kind === 'signaled')) return { kind: 'ask-history', fallback: phase.outcome };
    return { kind: 'finished', outcome: phase.outcome };
  }
  if (phase.kind === 'running') {
    if (job.phase !== 'running') {
      job.phase = 'running';
      events.push({ type: 'started', handle: job.handle, at: Date.now() });
    }
  } else if (job.phase === 'queued' && (phase.reason !== job.reason || phase.held !== job.held)) {
    job.reason = phase.reason;
    job.held = phase.held;
    events.push({ type: 'waiting', handle: job.handle, reason: phase.reason, held: phase.held });
  }
  return { kind: 'waiting' };
}

/**
 * A job Slurm killed (TIMEOUT, OUT_OF_MEMORY, CANCELLED) may still have written an exit file if the
 * payload died first of the same cause; Slurm's verdict says more than "signal 15" then.
 */
export function preferSlurmKill(outcome: JobOutcome, phase: Extract<SlurmPhase, { kind: 'ended' }>): JobOutcome {
  const slurm = phase.outcome.kind;
  if (slurm === 'timeout' || slurm === 'out-of-memory' || slurm === 'cancelled' || slurm === 'lost') {
    return outcome.kind === 'exited' && outcome.exitCode === 0 ? outcome : phase.outcome;
  }
  return outcome;
}
