/** Slurm job names bps-ts gives, and reads back (docs/SLURM.md): every one starts with `bps.<runId>.`. */

/**
 * The Slurm job name of one attempt: `bps.<runId>.<jobId>.<attempt>.<label>`. It ties a Slurm job to its
 * run, job and attempt, so a driver whose `sbatch` answer was lost (or that died right after submitting)
 * finds the job by name instead of submitting it a second time. The label comes last, for people
 * reading `squeue`; Slurm truncates nothing we rely on.
 */
export function slurmJobName(runId: string, jobId: number, attempt: number, label: string): string {
  return `bps.${runId}.${jobId}.${attempt}.${label.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** The run, job and attempt a Slurm job name stands for; undefined for names bps-ts did not make. */
export function parseSlurmJobName(name: string): { runId: string; jobId: number; attempt: number } | undefined {
  const match = /^bps\.([^.]+)\.(\d+)\.(\d+)\./.exec(name);
  if (!match) return undefined;
  return { runId: match[1] as string, jobId: Number(match[2]), attempt: Number(match[3]) };
}

/** The name of a job array of this run, after its first task's job and attempt: `bps.<runId>.array.<jobId>.<attempt>`. */
export function slurmArrayName(runId: string, jobId: number, attempt: number): string {
  return `bps.${runId}.array.${jobId}.${attempt}`;
}

/** The run and first task of an array name made by {@link slurmArrayName}; undefined otherwise. */
export function parseSlurmArrayName(name: string): { runId: string; key: string } | undefined {
  const match = /^bps\.([^.]+)\.array\.(\d+)\.(\d+)$/.exec(name);
  return match ? { runId: match[1] as string, key: `${match[2]}.${match[3]}` } : undefined;
}

/** The name of a run's allocations (executor: allocation): one name per run, chained with `--dependency=singleton`. */
export function allocationJobName(runId: string): string {
  return `bps.${runId}.alloc`;
}
