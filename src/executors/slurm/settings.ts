/** The settings of `executor: slurm` sites: one `sbatch` per job (or job array), docs/SLURM.md. */
import { count, positive, sbatchLines, slurmTime, text, words } from '../../settings/fields.js';
import type { SettingsSchema } from '../../settings/schema.js';

export interface SlurmSettings {
  readonly partition?: string;
  readonly qos?: string;
  readonly constraint?: string;
  readonly account?: string;
  readonly reservation?: string;
  /** `--time` for jobs that request no walltime themselves. */
  readonly walltime?: string;
  /** Jobs queued or running at once. */
  readonly maxQueued?: number;
  /** Shortest seconds between status polls; quiet polls back off to six times that, at most a minute. */
  readonly pollInterval?: number;
  /** Extra `sbatch` words for every job. */
  readonly sbatchOptions?: readonly string[];
  /** Extra `#SBATCH` lines for every job (ctrl_bps_parsl's name). */
  readonly scheduler_options?: readonly string[];
}

/** A window of queued Slurm jobs that keeps slurmctld and fair-share happy. */
export const DEFAULT_MAX_QUEUED = 500;
/** A first look 5 s after a change; at most one squeue a minute when idle. */
export const DEFAULT_POLL_SEC = 5;

export const SLURM_SETTINGS: SettingsSchema<SlurmSettings> = {
  partition: text('Slurm --partition'),
  qos: text('Slurm --qos'),
  constraint: text('Slurm --constraint'),
  account: text('Slurm --account'),
  reservation: text('Slurm --reservation'),
  walltime: slurmTime("Slurm --time for jobs without requestWalltime (quote it: '00:30:00')"),
  maxQueued: count('Slurm jobs queued or running at once', DEFAULT_MAX_QUEUED),
  pollInterval: positive('shortest seconds between status polls (quiet polls back off to 6×, at most 60 s)', DEFAULT_POLL_SEC),
  sbatchOptions: words('extra sbatch arguments for every job (a list)', 'a list of sbatch arguments'),
  scheduler_options: sbatchLines('extra #SBATCH lines for every job (a text or a list)'),
};
