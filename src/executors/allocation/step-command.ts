/**
 * One job as one `srun` step of the allocation (docs/SLURM.md, "executor: allocation"). The launcher's
 * wrapper (executors/shared/launcher.ts) runs srun on the batch host, in its own session so it outlives the
 * driver (a SIGKILLed srun client kills its step: captured), and records srun's own status in
 * `<job>.<attempt>.srun`. On the node, a small bash step script runs the job's argv and writes the job's
 * exit file itself, as the Slurm batch script does: so the job's own exit code is known apart from srun's,
 * which is 1 both for a payload's `exit 1` and for a step Slurm could not create.
 */
import { slurmJobName } from '../../slurm/job-name.js';
import type { JobLaunch } from '../contract.js';
import type { Placement } from './node-pool.js';

/**
 * The step script: `$1` the exit file, the rest the job's argv, run without a shell re-parse. Builtins
 * only (no date, no mv), one small write; a signal N kills the payload → `signal N` (as 128+N in $?).
 */
export const STEP_SCRIPT = [
  'exit_file=$1; shift',
  '"$@"',
  'rc=$?',
  'if [ "$rc" -gt 128 ] && [ "$rc" -lt 193 ]; then verdict="signal $((rc - 128))"; else verdict="exit $rc"; fi',
  'printf \'%s %(%s)T\\n\' "$verdict" -1 > "$exit_file"',
  'exit "$rc"',
].join('\n');

/** srun's own verdict next to the job's exit file. */
export function srunVerdictPath(exitPath: string): string {
  return exitPath.replace(/\.exit$/, '.srun');
}

/**
 * The argv the launcher runs for one attempt: `srun --exact -N1 -n1 -c <cpus> --mem <MiB>M -w <node>`,
 * `--time` when the job declares a walltime (whole minutes, rounded up, as Slurm counts), the step named
 * after the attempt (`bps.<runId>.<jobId>.<attempt>.<label>`, so sacct and squeue -s show which job a step
 * is), then the step script and the job's argv.
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
  return [...argv, '--', '/bin/bash', '-c', STEP_SCRIPT, 'bps-step', launch.exitPath, ...launch.argv];
}
