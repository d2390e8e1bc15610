/**
 * Submitting a round's jobs: jobs with the same resource request go as one job array (one sbatch, not one
 * per job: on a busy controller, and on this project's 2-core test machine, the sbatch calls limit
 * throughput), a few sbatch calls in flight at once.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobHandle } from '../../model/outcome.js';
import type { SlurmClient } from '../../slurm/client.js';
import { sbatchScript, type SbatchResult } from '../../slurm/submit.js';
import type { JobLaunch, SubmitResult } from '../contract.js';
import { arrayKey, renderArrayJob, renderBatchJob } from './batch-script.js';
import type { SlurmSettings } from './settings.js';

/** `sbatch` calls at once: the controller answers each in ~8 ms (docs/SLURM.md); a few in flight hide that. */
export const SUBMIT_CONCURRENCY = 4;

/** Tasks per job array (Slurm's MaxArraySize defaults to 1001). */
const MAX_ARRAY_SIZE = 1000;

export interface SubmissionContext {
  readonly client: SlurmClient;
  readonly runId: string;
  readonly user: string;
  readonly jobsDir: string;
  readonly settings: SlurmSettings;
}

/** Submits `jobs`, returning a result per job in their order. */
export async function submitJobs(jobs: readonly JobLaunch[], ctx: SubmissionContext): Promise<SubmitResult[]> {
  mkdirSync(ctx.jobsDir, { recursive: true, mode: 0o755 });
  const results = new Map<JobLaunch, SubmitResult>();
  const groups = new Map<string, JobLaunch[]>();
  for (const launch of jobs) {
    const key = arrayKey(launch);
    groups.set(key, [...(groups.get(key) ?? []), launch]);
  }
  const units = [...groups.values()].flatMap((group) => chunk(group, MAX_ARRAY_SIZE));
  let next = 0;
  // Once sbatch failed transiently past all its retries, the controller is down: the rest of the batch
  // waits for the next round instead of each spending a minute on the same retries.
  let unreachable: string | undefined;
  const worker = async () => {
    for (let i = next++; i < units.length; i = next++) {
      const unit = units[i] as JobLaunch[];
      const unitResults: SubmitResult[] = unreachable !== undefined
        ? unit.map((launch) => ({ ok: false, jobId: launch.jobId, attempt: launch.attempt, error: unreachable as string, retryLater: true }))
        : await submitUnit(unit, ctx);
      unit.forEach((launch, k) => results.set(launch, unitResults[k] as SubmitResult));
      const failed = unitResults.find((r) => !r.ok && r.retryLater);
      if (failed && !failed.ok) unreachable = failed.error;
    }
  };
  await Promise.all(Array.from({ length: Math.min(units.length, SUBMIT_CONCURRENCY) }, worker));
  return jobs.map((launch) => results.get(launch) as SubmitResult);
}

/** One job as a plain batch job, or several as the tasks of one array. */
async function submitUnit(unit: readonly JobLaunch[], ctx: SubmissionContext): Promise<SubmitResult[]> {
  const failures = new Map<JobLaunch, SubmitResult>();
  const rendered = unit.flatMap((launch) => {
    try {
      const batch = renderBatchJob(launch, ctx.runId, ctx.settings);
      const path = join(ctx.jobsDir, `${launch.name}.${launch.attempt}.sh`);
      writeFileSync(path, batch.script, { mode: 0o644 });
      return [{ launch, batch, path }];
    } catch (error) {
      failures.set(launch, { ok: false, jobId: launch.jobId, attempt: launch.attempt, error: (error as Error).message });
      return [];
    }
  });
  let ids: string[] | Exclude<SbatchResult, string> = [];
  if (rendered.length === 1) {
    const only = rendered[0] as (typeof rendered)[number];
    const id = await sbatchScript(ctx.client, { name: only.batch.name, user: ctx.user, args: only.batch.sbatchArgs, scriptPath: only.path });
    ids = typeof id === 'string' ? [id] : id;
  } else if (rendered.length > 1) {
    const array = renderArrayJob(rendered.map((r) => r.launch), rendered.map((r) => r.path), ctx.runId, ctx.settings);
    const path = join(ctx.jobsDir, `${array.name.split('.').slice(2).join('.')}.sh`);
    writeFileSync(path, array.script, { mode: 0o644 });
    const id = await sbatchScript(ctx.client, { name: array.name, user: ctx.user, args: array.sbatchArgs, scriptPath: path });
    ids = typeof id === 'string' ? rendered.map((_, task) => `${id}_${task}`) : id;
  }
  return unit.map((launch): SubmitResult => {
    const failure = failures.get(launch);
    if (failure) return failure;
    if (!Array.isArray(ids)) return { ok: false, jobId: launch.jobId, attempt: launch.attempt, error: ids.error, ...(ids.retryLater ? { retryLater: true } : {}) };
    const externalId = ids[rendered.findIndex((r) => r.launch === launch)] as string;
    const handle: JobHandle = { jobId: launch.jobId, attempt: launch.attempt, externalId, exitPath: launch.exitPath };
    return { ok: true, handle };
  });
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
