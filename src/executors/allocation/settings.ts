/**
 * The settings of `executor: allocation` sites: jobs run as `srun` steps inside Slurm allocations
 * (docs/SLURM.md, "executor: allocation"). The allocation's keys are ctrl_bps_parsl's Slurm site keys
 * (nodes, walltime, cores_per_node, mem_per_node in GB, qos, constraint, account, scheduler_options); the
 * other Slurm keys are the slurm executor's.
 */
import { count, positive, sbatchLines, slurmTime, text, words } from '../../settings/fields.js';
import type { SettingsSchema } from '../../settings/schema.js';

/** A parsed `site.<name>` block of an allocation site. */
export interface AllocationSettings {
  /** Nodes per allocation. */
  readonly nodes?: number;
  /** The allocation's `--time` (ctrl_bps_parsl's walltime). */
  readonly walltime?: string;
  /** CPUs per node the allocation asks for; whole nodes (`--exclusive`) when unset. */
  readonly cores_per_node?: number;
  /** Memory per node in GB (ctrl_bps_parsl's unit); the whole node's (`--mem=0`) when unset. */
  readonly mem_per_node?: number;
  readonly partition?: string;
  readonly qos?: string;
  readonly constraint?: string;
  readonly account?: string;
  readonly reservation?: string;
  /** Extra `#SBATCH` lines of the allocation's batch script. */
  readonly scheduler_options?: readonly string[];
  /** Extra `sbatch` words for the allocation. */
  readonly sbatchOptions?: readonly string[];
  /** Seconds kept between a job's expected end and the allocation's end. */
  readonly walltimeMargin?: number;
}

/** Nodes per allocation when the site says none (ctrl_bps_parsl's Slurm site: 1). */
export const DEFAULT_NODES = 1;

/** The fields of an allocation site's block: meaning, default, parsing (docs/REFERENCE.md). */
export const ALLOCATION_SETTINGS: SettingsSchema<AllocationSettings> = {
  nodes: count('nodes per allocation (Slurm --nodes)', DEFAULT_NODES),
  walltime: slurmTime("the allocation's time, Slurm --time (quote it: '10:00:00')"),
  cores_per_node: count('CPUs per node the allocation asks for (Slurm --cpus-per-task)', 'whole nodes (--exclusive)'),
  mem_per_node: positive('memory per node of the allocation in GB (Slurm --mem)', "the whole node's (--mem=0)"),
  partition: text('Slurm --partition'),
  qos: text('Slurm --qos'),
  constraint: text('Slurm --constraint'),
  account: text('Slurm --account'),
  reservation: text('Slurm --reservation'),
  scheduler_options: sbatchLines("extra #SBATCH lines of the allocation's batch script (a text or a list)"),
  sbatchOptions: words('extra sbatch arguments for the allocation (a list)', 'a list of sbatch arguments'),
  walltimeMargin: positive("seconds kept between a job's expected end and the allocation's end", "5% of the allocation's time, at most 60"),
};
