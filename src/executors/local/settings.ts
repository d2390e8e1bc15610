/** The settings of `executor: local` sites: a process pool on this machine (docs/CONFIG.md, "Sites"). */
import { count, flag } from '../../settings/fields.js';
import type { SettingsSchema } from '../../settings/schema.js';

export interface LocalSettings {
  /** Jobs running at once. */
  readonly maxJobs?: number;
  /** Cores handed out to jobs' requestCpus. */
  readonly cores?: number;
  /** Memory (MiB) handed out to jobs' requestMemory. */
  readonly memory?: number;
  /** Kill a job whose processes' resident memory is over its requestMemory (ends out of memory). */
  readonly enforceMemory?: boolean;
}

export const LOCAL_SETTINGS: SettingsSchema<LocalSettings> = {
  maxJobs: count('jobs running at once', 'the number of cores'),
  cores: count("cores handed out to jobs' requestCpus", 'maxJobs'),
  memory: count("memory (MiB) handed out to jobs' requestMemory", "the machine's memory"),
  enforceMemory: flag("kill a job whose processes' resident memory (sampled every second) is over its requestMemory twice in a row: it ends out of memory, as under Slurm's limits, and is retried with more", false),
};
