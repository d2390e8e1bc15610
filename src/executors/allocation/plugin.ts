/** `executor: allocation`: jobs as `srun` steps inside Slurm allocations, docs/SLURM.md. */
import { ExecutorError } from '../../errors.js';
import type { ExecutorPlugin, PingDeps } from '../plugin.js';
import { allocationBatchDriver } from './batch-driver.js';
import { pingAllocation } from './ping.js';
import { ALLOCATION_SETTINGS, type AllocationSettings } from './settings.js';

/** The allocation executor's plug-in (executors/registry.ts). */
export const allocationExecutor: ExecutorPlugin<AllocationSettings> = {
  name: 'allocation',
  description: 'srun steps inside Slurm allocations (pilot jobs): one sbatch holds nodes, the driver runs in it',
  settings: ALLOCATION_SETTINGS,
  async create(settings, deps) {
    const jobId = deps.env['SLURM_JOB_ID'];
    if (!jobId) {
      throw new ExecutorError(`Compute site '${deps.siteName}' runs jobs inside Slurm allocations, and this driver runs outside one.`, {
        hint: "Run 'bps submit' or 'bps restart' from a login node (they queue an allocation that runs the driver), or run bps inside your own sbatch script.",
      });
    }
    // Loaded on use, so `bps status` never pays for an executor.
    const [{ AllocationExecutor }, { readAllocation }, { defaultMargin }, { SlurmClient }, { localHostName }] = await Promise.all([
      import('./allocation-executor.js'), import('./allocation-info.js'), import('./time-fit.js'), import('../../slurm/client.js'), import('../../process/host.js'),
    ]);
    const client = new SlurmClient({ env: deps.env, concurrency: 1, onRetry: (command, stderr, attempt) => deps.logger.warn(`${command} failed transiently (${stderr}); retry ${attempt}`) });
    const allocation = await readAllocation(client, jobId, Date.now());
    return new AllocationExecutor({
      siteName: deps.siteName,
      runId: deps.run.id,
      allocation,
      client,
      host: localHostName(deps.env),
      marginSec: settings.walltimeMargin ?? defaultMargin(allocation.timeLimitSec),
      logger: deps.logger,
    });
  },
  ping: (settings, deps) => pingAllocation(settings, deps.env, deps.probe),
  batchDriver: allocationBatchDriver,
  async plan(settings, deps) {
    const { allocationPlan } = await import('./plan.js');
    return allocationPlan(settings, settings.cores_per_node ?? (await partitionCores(settings, deps)));
  },
};

/** CPUs per node of the site's partition, from sinfo, when the site does not say (whole nodes). */
async function partitionCores(settings: AllocationSettings, deps: PingDeps): Promise<number> {
  const result = await deps.probe(['sinfo', '-h', '-o', '%c', ...(settings.partition ? ['-p', settings.partition] : [])], { env: deps.env, timeoutMs: 10_000 });
  const cores = Math.max(0, ...result.stdout.split('\n').map((line) => Number.parseInt(line, 10)).filter((n) => Number.isFinite(n)));
  if (result.exitCode !== 0 || cores === 0) {
    throw new ExecutorError(`Cannot tell how many cores a node of the site's partition has (sinfo ${result.spawnError ?? `exit ${result.exitCode ?? '?'}`}).`, {
      hint: 'Set cores_per_node in the site block, or plan where Slurm answers.',
    });
  }
  return cores;
}
