/**
 * How an attempt run as a step ended, from what it left behind (docs/SLURM.md, "Allocations: what srun
 * does", captured in test/fixtures/slurm/alloc-stderr-srun-*.txt): the job's own exit file (written by the
 * step script on the node), srun's status (the launcher wrapper's verdict file) and the last lines of the
 * job's stderr, where srun prints its own messages.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { JobOutcome } from '../../model/outcome.js';
import { describeOutcome } from '../../model/outcome-text.js';

/** Endings seen this close to the allocation's end (or later) were caused by it: Slurm ends every step then. */
export const ALLOCATION_END_SLACK_MS = 5_000;

/** What an ended step left behind, and when its end was seen. */
export interface StepEnd {
  /** The job's exit file as the step script wrote it; undefined when it wrote none. */
  readonly exit: JobOutcome | undefined;
  /** srun's own status (the launcher wrapper's verdict); undefined when the wrapper left none. */
  readonly srun: JobOutcome | undefined;
  /** The end of the job's stderr. */
  readonly stderrTail: string;
  /** The driver stopped the step (Ctrl-C, bps cancel, the driver's own shutdown). */
  readonly cancelled: boolean;
  /** Epoch ms when the end was seen. */
  readonly at: number;
  readonly allocation: { readonly jobId: string; readonly endsAt: number };
}

/** slurmstepd's line for a step it ended at a time limit, its own (`srun -t`) or the allocation's (captured). */
const TIME_LIMIT = /\*\*\* STEP \S+ ON \S+ CANCELLED AT \S+ DUE TO TIME LIMIT \*\*\*/;

/** srun's last error line (`srun: error: Unable to create step for job 656: …`), for messages. */
function srunError(stderrTail: string): string | undefined {
  const lines = stderrTail.split('\n').filter((l) => /^srun: error: /.test(l));
  return lines.at(-1)?.replace(/^srun: error: /, '').trim();
}

/**
 * The job's outcome: its exit file when it wrote one (a success always counts), cancelled when bps stopped it,
 * lost when the allocation's end took it, a timeout when its own `--time` did, else lost with srun's reason.
 */
export function stepOutcome(end: StepEnd): JobOutcome {
  const { exit } = end;
  if (exit?.kind === 'exited' && exit.exitCode === 0) return exit;
  if (end.cancelled) return { kind: 'cancelled', reason: 'stopped by bps' };
  // The allocation's own end kills every step: not the job's fault, so it runs again without using a retry.
  if (end.at >= end.allocation.endsAt - ALLOCATION_END_SLACK_MS) return { kind: 'lost', reason: `ended with allocation ${end.allocation.jobId} (its time limit)` };
  if (exit) return exit;
  if (TIME_LIMIT.test(end.stderrTail)) return { kind: 'timeout' };
  const srun = end.srun === undefined ? 'its srun left no status' : `srun ${describeOutcome(end.srun)}`;
  const error = srunError(end.stderrTail);
  return { kind: 'lost', reason: `the step ended without the job's exit file (${srun}${error ? `: ${error}` : ''})` };
}

/** The last `bytes` of a file ('' when it cannot be read): srun's messages come last in the job's stderr. */
export function readTail(path: string, bytes = 4096): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(size, bytes);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
