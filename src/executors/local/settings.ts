/** The settings of `executor: local` sites: a process pool on this machine (docs/CONFIG.md, "Sites"). */
import { count } from '../../settings/fields.js';
import type { SettingsSchema } from '../../settings/schema.js';

export interface LocalSettings {
  /** Jobs running at once. */
  readonly maxJobs?: number;
  /** Cores handed out to jobs' requestCpus. */
  readonly cores?: number;
  /** Memory (MiB) handed out to jobs' requestMemory. */
  readonly memory?: number;
}

export const LOCAL_SETTINGS: SettingsSchema<LocalSettings> = {
  maxJobs: count('jobs running at once', 'the number of cores'),
  cores: count("cores handed out to jobs' requestCpus", 'maxJobs'),
  memory: count("memory (MiB) handed out to jobs' requestMemory", "the machine's memory"),
};
