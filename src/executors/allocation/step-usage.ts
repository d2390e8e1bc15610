/**
 * What the steps of an allocation used (docs/SLURM.md, "Usage"). The launcher's wrapper times srun, which
 * lasts as long as its step, but its getrusage is srun's own, not the task's (the task runs under
 * slurmstepd on the node): the peak memory and CPU time come from accounting, the step rows of
 * `sacct -j <allocation>`, matched by step name. That listing holds every step the allocation ran, so it
 * is asked at most once every {@link ASK_EVERY_MS} while ended steps wait for it, never once per step, and
 * a step accounting has not recorded after {@link GIVE_UP_MS} is left without.
 */
import type { JobHandle, ResourceUsage } from '../../model/outcome.js';
import { sacctArgs } from '../../slurm/args.js';
import type { SlurmClient } from '../../slurm/client.js';
import { classifySlurmRecord } from '../../slurm/job-phase.js';
import { parseSlurmJobName } from '../../slurm/job-name.js';
import { parseSacctSteps } from '../../slurm/sacct.js';
import type { JobEvent } from '../contract.js';

export const ASK_EVERY_MS = 30_000;
export const GIVE_UP_MS = 300_000;

export class StepUsage {
  /** Ended steps by `<jobId>.<attempt>`, with when they ended. */
  private readonly due = new Map<string, { handle: JobHandle; endedAt: number }>();
  private askedAt = Number.NEGATIVE_INFINITY;
  private disabled = false;

  constructor(private readonly options: { client: SlurmClient; allocationId: string; runId: string; now: () => number }) {}

  /** A step ended (and was settled): its peak memory and CPU time are asked of accounting later. */
  ended(handle: JobHandle): void {
    if (!this.disabled) this.due.set(`${handle.jobId}.${handle.attempt}`, { handle, endedAt: this.options.now() });
  }

  /** Usage events for the steps accounting now has; at most one sacct call, and only every ASK_EVERY_MS. */
  async poll(): Promise<JobEvent[]> {
    const now = this.options.now();
    if (this.due.size === 0 || now - this.askedAt < ASK_EVERY_MS) return [];
    this.askedAt = now;
    const result = await this.options.client.call('sacct', sacctArgs([this.options.allocationId]));
    if (result.exitCode !== 0) {
      if (/accounting storage is disabled/i.test(result.stderr)) {
        this.disabled = true;
        this.due.clear();
      }
      return [];
    }
    const events: JobEvent[] = [];
    for (const step of parseSacctSteps(result.stdout)) {
      const named = parseSlurmJobName(step.name);
      const key = named?.runId === this.options.runId ? `${named.jobId}.${named.attempt}` : undefined;
      const due = key === undefined ? undefined : this.due.get(key);
      if (!due || key === undefined || classifySlurmRecord({ id: step.id, name: step.name, state: step.state, reason: '' }).kind !== 'ended') continue;
      const usage = nodeUsage(step.usage);
      if (usage) events.push({ type: 'usage', handle: due.handle, usage });
      this.due.delete(key);
    }
    for (const [key, due] of this.due) if (now - due.endedAt >= GIVE_UP_MS) this.due.delete(key);
    return events;
  }
}

/** The peak and CPU time only: the run time is the wrapper's, already reported with the step's end. */
function nodeUsage(usage: ResourceUsage | undefined): ResourceUsage | undefined {
  if (!usage || (usage.maxRssMiB === undefined && usage.cpuSec === undefined)) return undefined;
  return { ...(usage.maxRssMiB === undefined ? {} : { maxRssMiB: usage.maxRssMiB }), ...(usage.cpuSec === undefined ? {} : { cpuSec: usage.cpuSec }) };
}
