/**
 * How an attempt run as a step ended (docs/SLURM.md, "Allocations: what srun does", captured in
 * test/fixtures/slurm/alloc-stderr-srun-*.txt): srun's status, which the launcher's wrapper wrote as the
 * job's exit file, and srun's own lines at the end of the job's stderr. srun exits with the task's code,
 * but also with 1 when it could not create the step at all, and with 128+N both for a task killed by
 * signal N and for a task that exited 128+N: its last `task 0: …` line tells them apart.
 */
import type { JobOutcome } from '../../model/outcome.js';
import { describeOutcome } from '../../model/outcome-text.js';
import { signalName } from '../../model/signals.js';

/** Endings seen this close to the allocation's end (or later) were caused by it: Slurm ends every step then. */
export const ALLOCATION_END_SLACK_MS = 5_000;

/** What an ended step left behind, and when its end was seen. */
export interface StepEnd {
  /** srun's status as its wrapper wrote it in the exit file; undefined when the wrapper wrote none. */
  readonly srun: JobOutcome | undefined;
  /** The end of the job's stderr, where srun's own lines come last. */
  readonly stderrTail: string;
  /** The driver stopped the step (Ctrl-C, bps cancel, the driver's own shutdown). */
  readonly cancelled: boolean;
  /** Epoch ms when the end was seen. */
  readonly at: number;
  readonly allocation: { readonly jobId: string; readonly endsAt: number };
}

/** slurmstepd's line for a step it ended at a time limit, its own (`srun --time`) or the allocation's (captured). */
const TIME_LIMIT = /\*\*\* STEP \S+ ON \S+ CANCELLED AT \S+ DUE TO TIME LIMIT \*\*\*/;
/** srun's line for how the task ended: `srun: error: n3: task 0: Exited with exit code 3`, `…: Killed` (captured). */
const TASK_END = /^srun: error: \S+: task \d+: (.*)$/;

/** What srun's last `task N: …` line says, if there is one. */
function taskEnd(stderrTail: string, srun: JobOutcome | undefined): JobOutcome | undefined {
  const line = stderrTail.split('\n').map((l) => TASK_END.exec(l.trim())?.[1]).filter((l) => l !== undefined).at(-1);
  if (line === undefined) return undefined;
  const code = /^Exited with exit code (\d+)/.exec(line);
  if (code) return { kind: 'exited', exitCode: Number(code[1]) };
  if (/^Out Of Memory/i.test(line)) return { kind: 'out-of-memory' };
  // Killed, Terminated, Segmentation fault…: srun's own status is 128 + the signal.
  if (srun?.kind === 'exited' && srun.exitCode > 128 && srun.exitCode < 193) return { kind: 'signaled', signal: signalName(srun.exitCode - 128) };
  return undefined;
}

/** srun's last error line that is not about the task's end (`Unable to create step for job 656: …`), for messages. */
function srunError(stderrTail: string): string | undefined {
  const lines = stderrTail.split('\n').map((l) => l.trim()).filter((l) => /^srun: error: /.test(l) && !TASK_END.test(l));
  return lines.at(-1)?.replace(/^srun: error: /, '');
}

/**
 * The job's outcome: success when srun exited 0; cancelled when bps stopped it before the allocation's end;
 * lost when the allocation's end took it; a timeout when its own `--time` did; else what srun's task line says; else (srun failed
 * before or around the task: a step Slurm refused, a controller that did not answer, a killed srun) lost,
 * rerun without using a retry.
 */
export function stepOutcome(end: StepEnd): JobOutcome {
  const { srun } = end;
  if (srun?.kind === 'exited' && srun.exitCode === 0) return srun;
  // Stopped by bps before the allocation's end; past it, the driver stops its steps because Slurm's SIGTERM
  // told it the time is up, and that counts as the allocation's end.
  const nearEnd = end.at >= end.allocation.endsAt - ALLOCATION_END_SLACK_MS;
  if (end.cancelled && !nearEnd) return { kind: 'cancelled', reason: 'stopped by bps' };
  // The allocation's own end kills every step: not the job's fault, so it runs again without using a retry,
  // a limited number of times (a job longer than every allocation must not take one after the other).
  if (nearEnd) return { kind: 'lost', reason: `ended with allocation ${end.allocation.jobId} (its time limit)` };
  if (TIME_LIMIT.test(end.stderrTail)) return { kind: 'timeout' };
  const task = srun?.kind === 'exited' ? taskEnd(end.stderrTail, srun) : undefined;
  if (task) return task;
  const status = srun === undefined ? 'srun left no status' : `srun ${describeOutcome(srun)}`;
  const error = srunError(end.stderrTail);
  return { kind: 'lost', reason: `the step ended without the job's own status (${status}${error ? `: ${error}` : ''})` };
}
