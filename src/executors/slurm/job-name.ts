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
