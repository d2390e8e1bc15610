/**
 * Whether a driver lock taken on another host is stale. A pid cannot be checked there, but a lock taken
 * inside a Slurm job names it, and Slurm can say whether that job still runs: the next allocation of a run
 * takes over the lock of a driver its predecessor's time limit killed (docs/SLURM.md, "From a login node").
 */
import { isLocalHost } from '../process/host.js';
import { SlurmClient } from '../slurm/client.js';
import { isInvalidJobIdError } from '../slurm/client-errors.js';
import { classifySlurmRecord } from '../slurm/job-phase.js';
import { parseSqueue } from '../slurm/squeue.js';
import { SQUEUE_FORMAT } from '../slurm/args.js';
import { isDriverAlive, readDriverLock, type DriverLockInfo, type LockOptions } from '../state/index.js';
import type { AppContext } from './context.js';

/** The lock options of a driver starting in this environment (its Slurm job, and what it knows of the holder). */
export async function lockOptions(submitDir: string, ctx: AppContext): Promise<LockOptions> {
  const slurmJobId = ctx.env['SLURM_JOB_ID'] || undefined;
  const holder = readDriverLock(submitDir);
  const dead = holder !== null && holder.slurmJobId !== slurmJobId && (await remoteHolderEnded(holder, ctx));
  if (dead && holder) ctx.logger.info(`The driver lock of host ${holder.host} belongs to Slurm job ${holder.slurmJobId}, which has ended: taking it over`);
  return {
    ...(slurmJobId === undefined ? {} : { slurmJobId }),
    holderDead: (h) => dead && h.pid === holder?.pid && h.host === holder.host,
  };
}

/** The driver holding the run's lock, unless it is known dead (on this host by its pid, elsewhere by its Slurm job). */
export async function liveDriver(submitDir: string, ctx: AppContext): Promise<DriverLockInfo | undefined> {
  const holder = readDriverLock(submitDir);
  if (!holder || !isDriverAlive(holder) || (await remoteHolderEnded(holder, ctx))) return undefined;
  return holder;
}

/** Whether a lock taken on another host inside a Slurm job belongs to a job Slurm says has ended. */
async function remoteHolderEnded(holder: DriverLockInfo, ctx: AppContext): Promise<boolean> {
  if (isLocalHost(holder.host, ctx.env) || holder.slurmJobId === undefined) return false;
  return !(await slurmJobActive(holder.slurmJobId, ctx));
}

/** Whether Slurm still runs (or starts, or finishes) job `id`; true when Slurm cannot be asked: the safe side. */
async function slurmJobActive(id: string, ctx: AppContext): Promise<boolean> {
  const client = new SlurmClient({ env: ctx.env, concurrency: 1, attempts: 3 });
  try {
    const result = await client.call('squeue', ['-h', '-j', id, '-o', SQUEUE_FORMAT]);
    if (result.exitCode !== 0) return !isInvalidJobIdError(result.stderr);
    const record = parseSqueue(result.stdout).find((r) => r.id === id);
    return record !== undefined && classifySlurmRecord(record).kind !== 'ended';
  } catch {
    return true;
  } finally {
    client.close();
  }
}
