import { ConfigError } from '../errors.js';

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
  threaded_pool_config: { site: 'local', settings: {} },
  ht_debug_config: { site: 'nersc_haswell_debug_alloc', settings: {} },
  knl_htx_config: { site: 'nersc_knl_alloc', settings: {} },
  knl_flex_config: { site: 'nersc_knl_flex_alloc', settings: {} },
  // Work Queue pilots: on the submit node, or Slurm blocks of N nodes on Cori.
  workQueue_local_config: { site: 'local', settings: {} },
  workQueue_haswell_debug_config: { site: 'nersc_haswell_debug_alloc', settings: { nodes: 10 } },
  workQueue_knl_config: { site: 'nersc_knl_alloc', settings: { nodes: 2 } },
  workQueue_knl_debug_config: { site: 'nersc_knl_alloc', settings: { qos: 'debug', walltime: '00:30:00' } },
  workQueue_knl_flex_config: { site: 'nersc_knl_flex_alloc', settings: {} },
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

/** gen3_workflow's `parsl_config:` keys bps-ts has no use for (Parsl's monitoring, checkpoints, logging, Work Queue workers). */
const PARSL_BLOCK_IGNORED = ['monitoring', 'checkpoint', 'log_level', 'worker_options', 'workflow_name', 'wq_max_retries', 'port', 'hub_port', 'monitoring_debug', 'cpus_per_node', 'worker_init'];

/**
 * The site a `parsl_config:` block describes (gen3_workflow's load_parsl_config, used when parslConfig is
 * empty): `executor: ThreadPool` is the local pool with `max_threads` slots; `provider: Slurm` is a Slurm
 * allocation of `nodes_per_block` nodes (its defaults: 1 node, knl, regular, 10:00:00; `time_min` is
 * `--time-min`), which bps-ts's allocation executor fills with srun steps as Parsl's pilot did; `provider:
 * Local` (the default) runs on the submit node. PBS providers are refused. `ignored` lists the keys that
 * have no meaning here, for a warning.
 */
export function parslBlockSite(block: Readonly<Record<string, unknown>>): ParslConfigSite & { readonly ignored: readonly string[] } {
  const ignored = Object.keys(block).filter((key) => PARSL_BLOCK_IGNORED.includes(key));
  const executor = String(block['executor'] ?? 'WorkQueue');
  if (executor === 'ThreadPool') {
    const threads = block['max_threads'];
    return { site: 'local', settings: typeof threads === 'number' ? { maxJobs: threads } : {}, ignored };
  }
  const provider = String(block['provider'] ?? 'Local');
  if (provider === 'Slurm') {
    const timeMin = block['time_min'];
    return {
      site: PARSL_BLOCK_SITE,
      settings: {
        executor: 'allocation',
        nodes: block['nodes_per_block'] ?? 1,
        constraint: block['constraint'] ?? 'knl',
        qos: block['qos'] ?? 'regular',
        walltime: block['walltime'] ?? '10:00:00',
        ...(timeMin === undefined ? {} : { scheduler_options: `--time-min=${String(timeMin)}` }),
      },
      ignored,
    };
  }
  if (provider === 'Local') return { site: 'local', settings: {}, ignored };
  throw new ConfigError(`parsl_config.provider ${provider} submits to PBS, which bps-ts cannot do.`, { hint: 'Use provider: Slurm or Local, or a computeSite.' });
}

/** The name the site of a `parsl_config:` block goes by (in messages and in the run's record). */
export const PARSL_BLOCK_SITE = 'parsl_config';
