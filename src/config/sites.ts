import type { ConfigNode } from './config-node.js';
import { parslBlockSite, parslConfigSite } from './parsl-configs.js';

/** The compute site used when neither `computeSite` nor a known `parslConfig` is given. @default 'local' */
export const DEFAULT_SITE = 'local';

/**
 * Built-in compute sites; a user's `site.<name>` block is deep-merged over them key by key. The NERSC
 * Cori sites (Haswell, KNL) are kept for gen3_workflow's configs although Cori retired in 2023;
 * Perlmutter's CPU nodes are the current ones. Debug QOS jobs are limited to 30 minutes there.
 * `*_alloc` sites run the jobs as srun steps inside allocations (executor: allocation), as
 * gen3_workflow's Parsl pilots did and DESC's NERSC guide does by hand (docs/CONFIG.md, "Compute sites"):
 * Haswell debug as ht_debug_config (1 node, 30 min, qos debug); KNL as knl_htx_config's small and medium
 * pools (1 node, 10 h, qos regular; flex: a 2-hour minimum); Perlmutter 1 node, 6 h regular or 30 min debug.
 */
export const BUILTIN_SITES: Readonly<Record<string, ConfigNode>> = {
  local: { executor: 'local' },
  nersc_haswell_debug: { executor: 'slurm', qos: 'debug', constraint: 'haswell', walltime: '00:30:00' },
  nersc_knl: { executor: 'slurm', qos: 'regular', constraint: 'knl' },
  nersc_perlmutter_cpu: { executor: 'slurm', qos: 'regular', constraint: 'cpu' },
  nersc_perlmutter_debug: { executor: 'slurm', qos: 'debug', constraint: 'cpu', walltime: '00:30:00' },
  nersc_haswell_debug_alloc: { executor: 'allocation', qos: 'debug', constraint: 'haswell', nodes: 1, walltime: '00:30:00' },
  nersc_knl_alloc: { executor: 'allocation', qos: 'regular', constraint: 'knl', nodes: 1, walltime: '10:00:00' },
  nersc_knl_flex_alloc: { executor: 'allocation', qos: 'flex', constraint: 'knl', nodes: 1, walltime: '10:00:00', scheduler_options: '--time-min=2:00:00' },
  nersc_perlmutter_cpu_alloc: { executor: 'allocation', qos: 'regular', constraint: 'cpu', nodes: 1, walltime: '06:00:00' },
  nersc_perlmutter_debug_alloc: { executor: 'allocation', qos: 'debug', constraint: 'cpu', nodes: 1, walltime: '00:30:00' },
};

/**
 * Keys every site block may hold besides its executor's own settings (executors/<name>/settings.ts) and
 * the config keys looked up per site (requestMemory, runQuantumCommand, …).
 */
export const SITE_KEYS = [
  'executor',
  // ctrl_bps_parsl's SiteConfig class path: without an executor, it picks one (parsl-site-classes.ts).
  'class',
] as const;

/** How the compute site was chosen. */
export interface SiteChoice {
  readonly name: string;
  readonly source: 'computeSite' | 'parslConfig' | 'parsl_config' | 'default';
  /** Settings implied by the choice (a parslConfig's slot count), under the user's `site.<name>`. */
  readonly settings: ConfigNode;
}

/**
 * `computeSite` given explicitly (command line or config) wins, whether or not it names a site (one that
 * names none is an error later, naming it: gen3_workflow's 2021 example says `computeSite: ncsapool` next
 * to its `parslConfig`, and quietly preferring the parslConfig sent a SLAC LSF config to NERSC's KNL
 * queue); else a recognised gen3_workflow `parslConfig`; else its `parsl_config:` block; else
 * {@link DEFAULT_SITE}. Undefined when `parslConfig` decides and is a name bps-ts does not know.
 */
export function chooseSite(computeSite: string | undefined, parslConfig: string | undefined, parslBlock?: Readonly<Record<string, unknown>>): SiteChoice | undefined {
  if (computeSite) return { name: computeSite, source: 'computeSite', settings: {} };
  if (parslConfig) {
    const mapped = parslConfigSite(parslConfig);
    if (!mapped) return undefined;
    return { name: mapped.site, source: 'parslConfig', settings: { ...mapped.settings } };
  }
  if (parslBlock) {
    const mapped = parslBlockSite(parslBlock);
    return { name: mapped.site, source: 'parsl_config', settings: { ...mapped.settings } };
  }
  return { name: DEFAULT_SITE, source: 'default', settings: {} };
}
