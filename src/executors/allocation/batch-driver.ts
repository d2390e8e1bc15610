/**
 * The allocations that run a run's driver, seen from outside them (docs/SLURM.md, "From a login node"):
 * one job name per run (`bps.<runId>.alloc`) with `--dependency=singleton`, so Slurm runs them one after
 * the other and the next one queues while the current one works; listed with one `squeue -n`, queued with
 * a retry-safe `sbatch`, cancelled with one `scancel`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { ExecutorError } from '../../errors.js';
import { firstLine, SlurmClient } from '../../slurm/client.js';
import { allocationJobName } from '../../slurm/job-name.js';
import { classifySlurmRecord } from '../../slurm/job-phase.js';
import { parseSbatchId } from '../../slurm/sbatch.js';
import { parseSqueue } from '../../slurm/squeue.js';
import { SQUEUE_FORMAT } from '../../slurm/args.js';
import type { BatchDriver, BatchDriverContext, DriverAllocation } from '../plugin.js';
import { jobsDir, loggingDir } from '../common/run-files.js';
import { renderDriverScript } from './driver-script.js';
import type { AllocationSettings } from './settings.js';

function client(ctx: BatchDriverContext): SlurmClient {
  return new SlurmClient({ env: batchEnv(ctx.env), concurrency: 1, onRetry: (command, stderr, attempt) => ctx.logger.warn(`${command} failed transiently (${stderr}); retry ${attempt}`) });
}

/**
 * The environment an allocation is queued with (sbatch exports it to the job): the caller's, without the
 * SLURM_* variables of an allocation it may itself run in, which would describe the wrong job to srun.
 */
export function batchEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('SLURM_') || key === 'SLURM_CONF'));
}

function user(env: NodeJS.ProcessEnv): string {
  return env['USER'] ?? userInfo().username;
}

async function list(c: SlurmClient, ctx: BatchDriverContext): Promise<DriverAllocation[]> {
  const result = await c.call('squeue', ['-h', '-u', user(ctx.env), '-n', allocationJobName(ctx.run.id), '-o', SQUEUE_FORMAT]);
  if (result.exitCode !== 0) throw new ExecutorError(`squeue failed: ${firstLine(result.stderr) || `exit ${result.exitCode}`}.`, { hint: 'Is Slurm reachable from here (sinfo)?' });
  const found: DriverAllocation[] = [];
  for (const record of parseSqueue(result.stdout)) {
    const phase = classifySlurmRecord(record);
    if (phase.kind === 'queued') found.push({ id: record.id, state: 'queued', reason: phase.reason });
    else if (phase.kind === 'running') found.push({ id: record.id, state: 'running', reason: '' });
  }
  return found.sort((a, b) => Number(a.id) - Number(b.id));
}

/** The allocation executor's BatchDriver (executors/plugin.ts): its allocations, from a login node or from inside one. */
export const allocationBatchDriver: BatchDriver<AllocationSettings> = {
  insideAllocation: (env) => (env['SLURM_JOB_ID'] ?? '') !== '',
  ownAllocation: (env, runId) => (env['SLURM_JOB_ID'] ?? '') !== '' && env['SLURM_JOB_NAME'] === allocationJobName(runId),

  async list(_settings, ctx) {
    const c = client(ctx);
    try {
      return await list(c, ctx);
    } finally {
      c.close();
    }
  },

  async queue(settings, ctx, driver) {
    const name = allocationJobName(ctx.run.id);
    const rendered = renderDriverScript(settings, { name, outputPath: join(loggingDir(ctx.run.submitDir), 'allocation.%j.out'), command: driver.command, cwd: driver.cwd });
    mkdirSync(jobsDir(ctx.run.submitDir), { recursive: true, mode: 0o755 });
    mkdirSync(loggingDir(ctx.run.submitDir), { recursive: true, mode: 0o755 });
    const path = join(jobsDir(ctx.run.submitDir), 'allocation.sh');
    writeFileSync(path, rendered.script, { mode: 0o644 });
    const c = client(ctx);
    try {
      const before = new Set((await list(c, ctx)).map((a) => a.id));
      // A timed-out sbatch may still have queued the allocation: one that turned up since is that one.
      const beforeRetry = async () => {
        const fresh = (await list(c, ctx)).find((a) => !before.has(a.id));
        return fresh ? { exitCode: 0, stdout: `${fresh.id}\n`, stderr: '' } : undefined;
      };
      const result = await c.call('sbatch', ['--parsable', ...rendered.sbatchArgs, path], { beforeRetry });
      if (result.exitCode !== 0) {
        throw new ExecutorError(`sbatch refused the allocation of site '${ctx.siteName}': ${firstLine(result.stderr) || `exit ${result.exitCode}`}.`, {
          hint: `Check the site's allocation settings with 'bps ping --compute-site ${ctx.siteName}'; the batch script is ${path}.`,
        });
      }
      return parseSbatchId(result.stdout);
    } finally {
      c.close();
    }
  },

  async cancelSteps(_settings, ctx) {
    const c = client(ctx);
    try {
      const result = await c.call('squeue', ['-h', '-s', '-u', user(ctx.env), '-o', '%i|%j']);
      if (result.exitCode !== 0) return 0;
      const prefix = `bps.${ctx.run.id}.`;
      const steps = result.stdout.split('\n').map((line) => line.split('|')).filter(([id, name]) => id && name?.startsWith(prefix)).map(([id]) => id as string);
      if (steps.length > 0) await c.call('scancel', steps);
      return steps.length;
    } finally {
      c.close();
    }
  },

  async cancel(_settings, ctx, ids) {
    if (ids.length === 0) return;
    const c = client(ctx);
    try {
      const result = await c.call('scancel', [...ids]);
      if (result.exitCode !== 0) ctx.logger.warn(`scancel ${ids.join(' ')} failed: ${firstLine(result.stderr)}`);
    } finally {
      c.close();
    }
  },
};
