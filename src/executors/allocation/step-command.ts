/**
 * One job as one `srun` step of the allocation (docs/SLURM.md, "executor: allocation"). The launcher's
 * wrapper (executors/common/launcher.ts) runs srun on the batch host, in its own session so it outlives the
 * driver (a SIGKILLed srun client kills its step: captured), and writes srun's status as the job's exit
 * file; srun runs the job's argv on the node directly, nothing else (srun exits with the task's code, or
 * 128+N for a signal). Where that status is ambiguous, srun's own lines at the end of the job's stderr
 * say what happened (step-outcome.ts).
 */
import { slurmJobName } from '../../slurm/job-name.js';
import type { JobLaunch } from '../contract.js';
import type { Placement } from './node-pool.js';

/**
 * The argv the launcher runs for one attempt: `srun --exact -N1 -n1 -c <cpus> --mem <MiB>M -w <node>`,
 * `--time` when the job declares a walltime (whole minutes, rounded up, as Slurm counts), the step named
 * after the attempt (`bps.<runId>.<jobId>.<attempt>.<label>`, so sacct and squeue -s show which job a step
 * is), then the job's argv, which srun runs without a shell.
 */
export function srunArgv(launch: JobLaunch, where: Placement, allocation: { readonly jobId: string; readonly runId: string }): string[] {
  const argv = [
    'srun',
    `--jobid=${allocation.jobId}`,
    '--exact',
    '--nodes=1',
    '--ntasks=1',
    `--cpus-per-task=${where.cpus}`,
    `--mem=${where.memoryMiB}M`,
    `--nodelist=${where.node}`,
    `--job-name=${slurmJobName(allocation.runId, launch.jobId, launch.attempt, launch.label)}`,
  ];
  if (launch.walltimeSec !== undefined) argv.push(`--time=${Math.max(1, Math.ceil(launch.walltimeSec / 60))}`);
  return [...argv, '--', ...launch.argv];
}
