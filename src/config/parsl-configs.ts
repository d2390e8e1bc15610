/** What a gen3_workflow `parslConfig` module becomes in bps-ts: a built-in site and settings over it. */
export interface ParslConfigSite {
  readonly site: string;
  readonly settings: Readonly<Record<string, unknown>>;
}

/**
 * gen3_workflow's Parsl config modules (docs/CONFIG.md, "gen3_workflow and Parsl settings"), by their last name component.
 * The thread pools ran on the submit node. ht_debug_config, knl_htx_config and knl_flex_config were Parsl
 * HighThroughputExecutor pilots on Cori (one batch job holding a node, many pipetasks inside): they become
 * allocation sites, which do the same with srun steps. `threaded_pool_*` is the 2021 name
 * (`desc.gen3_workflow.bps.wms.parsl.threaded_pool_config_4`).
 */
export const PARSL_CONFIGS: Readonly<Record<string, ParslConfigSite>> = {
  thread_pool_config_4: { site: 'local', settings: { maxJobs: 4 } },
  threaded_pool_config_4: { site: 'local', settings: { maxJobs: 4 } },
  thread_pool_config_32: { site: 'local', settings: { maxJobs: 32 } },
  threaded_pool_config_32: { site: 'local', settings: { maxJobs: 32 } },
  ht_debug_config: { site: 'nersc_haswell_debug_alloc', settings: {} },
  knl_htx_config: { site: 'nersc_knl_alloc', settings: {} },
  knl_flex_config: { site: 'nersc_knl_flex_alloc', settings: {} },
};

/**
 * The site a `parslConfig` value names, matching its last component with any package prefix
 * (`desc.gen3_workflow.parsl.thread_pool_config_4`, `…/config/thread_pool_config_4.py`); undefined
 * when bps-ts does not know it.
 */
export function parslConfigSite(value: string): ParslConfigSite | undefined {
  const last = value.trim().replace(/\.py$/, '').split(/[./]/).pop() ?? '';
  return Object.prototype.hasOwnProperty.call(PARSL_CONFIGS, last) ? PARSL_CONFIGS[last] : undefined;
}
