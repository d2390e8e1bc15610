/**
 * One `squeue` for all the user's queued and running jobs, indexed by Slurm id and by this run's
 * `jobId.attempt` (read from the job names, and from the `# tasks:` line of this run's array scripts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../log/logger.js';
import { squeueArgs } from '../../slurm/args.js';
import { firstLine, type SlurmClient } from '../../slurm/client.js';
import type { SlurmJobRecord } from '../../slurm/record.js';
import { parseSqueue } from '../../slurm/squeue.js';
import { arrayTasks } from './batch-script.js';
import { parseSlurmArrayName, parseSlurmJobName } from '../../slurm/job-name.js';

/** What one squeue call found. */
export interface QueueListing {
  readonly byId: ReadonlyMap<string, SlurmJobRecord>;
  /** By `jobId.attempt` of this run. */
  readonly byAttempt: ReadonlyMap<string, SlurmJobRecord>;
}

export class QueueReader {
  private readonly arrays = new Map<string, string[]>();
  private failures = 0;

  constructor(
    private readonly client: SlurmClient,
    private readonly options: { readonly user: string; readonly runId: string; readonly jobsDir: string; readonly logger: Logger | undefined },
  ) {}

  /** The listing, or undefined when squeue failed past its retries (nothing is lost by waiting a round). */
  async list(): Promise<QueueListing | undefined> {
    // Jobs that left the queue are settled from their exit files, then accounting: squeue need not list them.
    const result = await this.client.call('squeue', squeueArgs({ user: this.options.user, activeOnly: true }));
    if (result.exitCode !== 0) {
      this.failures += 1;
      if (this.failures === 1 || this.failures % 10 === 0) this.options.logger?.warn(`squeue failed (${firstLine(result.stderr)}); will try again`);
      return undefined;
    }
    this.failures = 0;
    const byId = new Map<string, SlurmJobRecord>();
    const byAttempt = new Map<string, SlurmJobRecord>();
    for (const record of parseSqueue(result.stdout)) {
      byId.set(record.id, record);
      const key = this.attemptOf(record);
      if (key) byAttempt.set(key, record);
    }
    return { byId, byAttempt };
  }

  /** `jobId.attempt` of one of this run's Slurm jobs or array tasks, from its name; undefined for others. */
  private attemptOf(record: SlurmJobRecord): string | undefined {
    const named = parseSlurmJobName(record.name);
    if (named) return named.runId === this.options.runId ? `${named.jobId}.${named.attempt}` : undefined;
    const array = parseSlurmArrayName(record.name);
    const task = record.arrayId?.split('_')[1];
    if (!array || array.runId !== this.options.runId || task === undefined || !/^\d+$/.test(task)) return undefined;
    return this.arrayTaskList(array.key)[Number(task)];
  }

  /** The tasks of one of this run's arrays, from its script's `# tasks:` line (cached: it never changes). */
  private arrayTaskList(key: string): string[] {
    let tasks = this.arrays.get(key);
    if (!tasks) {
      try {
        tasks = arrayTasks(readFileSync(join(this.options.jobsDir, `array.${key}.sh`), 'utf8'));
      } catch {
        tasks = [];
      }
      this.arrays.set(key, tasks);
    }
    return tasks;
  }
}

/** `jobId.attempt`: how a listing's byAttempt index names an attempt. */
export function attemptKey(handle: { readonly jobId: number; readonly attempt: number }): string {
  return `${handle.jobId}.${handle.attempt}`;
}
