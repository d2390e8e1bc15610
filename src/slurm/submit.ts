/**
 * `sbatch --parsable` of one script, made safe to retry: before each retry of a call that failed
 * transiently, the job is looked up by its (unique) name, because the answer to a timed-out sbatch may be
 * lost although the job was queued. So a job is never submitted twice (docs/SLURM.md, "Faults").
 */
import { firstLine, type SlurmCallResult, type SlurmClient } from './client.js';
import { isTransientSlurmError } from './client-errors.js';
import { parseSbatchId } from './sbatch.js';

/** The Slurm id, or why not and whether trying again later may help. */
export type SbatchResult = string | { readonly error: string; readonly retryLater: boolean };

export async function sbatchScript(client: SlurmClient, job: { readonly name: string; readonly user: string; readonly args: readonly string[]; readonly scriptPath: string }): Promise<SbatchResult> {
  const result = await client.call('sbatch', ['--parsable', ...job.args, job.scriptPath], { beforeRetry: () => findByName(client, job.name, job.user) });
  if (result.exitCode !== 0) {
    return { error: firstLine(result.stderr) || `sbatch exited with ${result.exitCode}`, retryLater: isTransientSlurmError(result.stderr) };
  }
  try {
    return parseSbatchId(result.stdout);
  } catch {
    return { error: `unexpected sbatch output: ${firstLine(result.stdout)}`, retryLater: false };
  }
}

/** The id of the user's job called `name`, as sbatch would have printed it (%F: an array's own id). */
async function findByName(client: SlurmClient, name: string, user: string): Promise<SlurmCallResult | undefined> {
  const found = await client.once('squeue', ['-h', '-u', user, '-t', 'all', '-n', name, '-o', '%F']);
  const id = found.exitCode === 0 ? found.stdout.trim().split('\n')[0] : undefined;
  return id ? { exitCode: 0, stdout: `${id}\n`, stderr: '' } : undefined;
}
