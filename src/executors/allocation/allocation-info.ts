/**
 * The allocation a driver runs in (`SLURM_JOB_ID`), read from Slurm once when the executor starts: its
 * nodes with what it holds on each (`scontrol show job -d`), its time limit, and when it ends (`squeue -o %L`,
 * the time left, read again every minute: the time left is what counts, whatever the clocks of the login and
 * compute nodes say).
 */
import { ExecutorError } from '../../errors.js';
import { parseAllocationDetail, parseTimeLeft, type AllocatedNode } from '../../slurm/allocation.js';
import { firstLine, type SlurmClient } from '../../slurm/client.js';

/** The allocation a driver runs in. */
export interface Allocation {
  readonly jobId: string;
  readonly name: string;
  readonly nodes: readonly AllocatedNode[];
  /** Seconds; Infinity for UNLIMITED; undefined when Slurm printed none. */
  readonly timeLimitSec: number | undefined;
  /** Epoch ms when it ends; Infinity when it has no time limit. */
  endsAt: number;
}

/** Reads allocation `jobId`; an ExecutorError naming it when Slurm does not describe it. */
export async function readAllocation(client: SlurmClient, jobId: string, now: number): Promise<Allocation> {
  const shown = await client.call('scontrol', ['show', 'job', '-d', jobId]);
  if (shown.exitCode !== 0) {
    throw new ExecutorError(`Cannot read Slurm allocation ${jobId} (SLURM_JOB_ID): ${firstLine(shown.stderr) || `scontrol exited ${shown.exitCode}`}.`, {
      hint: 'Run bps inside the allocation it was started for, or unset SLURM_JOB_ID to submit a new one.',
    });
  }
  const detail = parseAllocationDetail(shown.stdout);
  if (detail.nodes.length === 0) {
    throw new ExecutorError(`Slurm lists no node of allocation ${jobId} (state ${detail.state}).`, { hint: `Is the allocation still running? squeue -j ${jobId}` });
  }
  const left = await timeLeft(client, jobId);
  const limit = detail.timeLimitSec;
  const endsAt = left !== undefined ? now + left * 1000 : limit !== undefined ? now + limit * 1000 : Number.POSITIVE_INFINITY;
  return { jobId, name: detail.name, nodes: detail.nodes, timeLimitSec: limit, endsAt };
}

/** Seconds allocation `jobId` has left (Infinity: no limit), or undefined when squeue did not say. */
export async function timeLeft(client: SlurmClient, jobId: string): Promise<number | undefined> {
  const result = await client.call('squeue', ['-h', '-j', jobId, '-o', '%L']);
  return result.exitCode === 0 ? parseTimeLeft(result.stdout) : undefined;
}
