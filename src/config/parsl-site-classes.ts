/**
 * ctrl_bps_parsl's site classes (`site.<name>.class`) as bps-ts executors (docs/CONFIG.md, "Compute
 * sites"). A `Local` site runs jobs in threads on the submit node: the local executor. Every other class
 * starts Parsl pilots in Slurm jobs (or, LocalSrunWorkQueue, inside the user's own) and runs many jobs in
 * each: bps-ts's allocation executor does the same with srun steps. Its settings keep ctrl_bps_parsl's
 * names (nodes, cores_per_node, mem_per_node in GB, walltime, qos, scheduler_options…); the keys that size
 * Parsl's own machinery have no counterpart and are dropped with a warning naming them.
 */
import { ConfigError } from '../errors.js';

export interface ParslSiteClass {
  readonly executor: 'local' | 'allocation';
  /** What the site becomes, for one INFO line. */
  readonly becomes: string;
}

const ALLOCATION: ParslSiteClass = { executor: 'allocation', becomes: 'jobs as srun steps inside Slurm allocations (executor: allocation)' };

/** By the class name's last component (`lsst.ctrl.bps.parsl.sites.princeton.Tiger` → Tiger). */
const CLASSES: Readonly<Record<string, ParslSiteClass>> = {
  Local: { executor: 'local', becomes: 'a process pool on this machine (executor: local)' },
  Slurm: ALLOCATION,
  TripleSlurm: { executor: 'allocation', becomes: 'one pool of Slurm allocations, each job placed by its own requestMemory (executor: allocation)' },
  Tiger: ALLOCATION,
  Sdf: ALLOCATION,
  Ccin2p3: ALLOCATION,
  LocalSrunWorkQueue: { executor: 'allocation', becomes: 'srun steps inside the Slurm allocation bps runs in (executor: allocation)' },
  SlurmWorkQueue: ALLOCATION,
  SlurmTaskVine: ALLOCATION,
  WorkQueue: ALLOCATION,
};

/** Classes with no bps-ts executor: refused by name rather than run somewhere else. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  Torque: 'PBS/Torque',
  Pbs: 'PBS',
  PbsPro: 'PBS Pro',
};

/**
 * Keys of ctrl_bps_parsl's and DESC's site classes that size Parsl itself (blocks, workers, monitoring,
 * per-size pools): no meaning for bps-ts, which sizes each allocation from `nodes` / `cores_per_node` /
 * `mem_per_node` and places each job by its own request.
 */
export const PARSL_ONLY_SITE_KEYS: ReadonlySet<string> = new Set([
  'max_blocks', 'min_blocks', 'init_blocks', 'parallelism', 'worker_options', 'provider_options',
  'monitorEnable', 'monitorFilename', 'monitorInterval', 'singleton', 'port', 'wq_max_retries', 'command',
  'small_memory', 'medium_memory', 'large_memory', 'small_walltime', 'medium_walltime', 'large_walltime',
  'small', 'medium', 'large', 'xlarge',
]);

/**
 * A Parsl site block in the allocation executor's terms: `nodes_per_block` is the nodes of a block (an
 * allocation) when `nodes` is not given; `exclusive: true` is `--exclusive`; Parsl's own keys are dropped
 * and returned so the caller can name them.
 */
export function translateParslSite(own: Readonly<Record<string, unknown>>): { block: Record<string, unknown>; dropped: string[] } {
  const block: Record<string, unknown> = { ...own };
  const dropped: string[] = [];
  if ('nodes_per_block' in block) {
    if (block['nodes'] === undefined) block['nodes'] = block['nodes_per_block'];
    else dropped.push('nodes_per_block');
    delete block['nodes_per_block'];
  }
  if ('exclusive' in block) {
    if (block['exclusive'] === true) block['sbatchOptions'] = [...toList(block['sbatchOptions']), '--exclusive'];
    delete block['exclusive'];
  }
  for (const key of Object.keys(block)) {
    if (!PARSL_ONLY_SITE_KEYS.has(key)) continue;
    dropped.push(key);
    delete block[key];
  }
  return { block, dropped };
}

function toList(value: unknown): unknown[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}

/** The executor a `class` value stands for; undefined for a class bps-ts does not know (the site keeps its own `executor`). */
export function parslSiteClass(className: string, site: string): ParslSiteClass | undefined {
  const last = className.trim().split('.').pop() ?? '';
  const known = CLASSES[last];
  if (known) return known;
  const unsupported = UNSUPPORTED[last];
  if (unsupported) {
    throw new ConfigError(`site.${site}.class ${className} submits to ${unsupported}, which bps-ts cannot do.`, {
      hint: 'Use a Slurm site (executor: allocation or slurm) or executor: local.',
    });
  }
  return undefined;
}
