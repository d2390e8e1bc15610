import { quoteForShell } from '../../process/argv.js';
import type { JobLaunch } from '../contract.js';
import type { SlurmSettings } from './settings.js';
import { slurmArrayName, slurmJobName } from '../../slurm/job-name.js';

/** A job's batch script and how to hand it to `sbatch`. */
export interface BatchJob {
  readonly name: string;
  readonly script: string;
  /** `sbatch` options that cannot go into an `#SBATCH` line safely (values with blanks), then the site's sbatchOptions. */
  readonly sbatchArgs: readonly string[];
}

/**
 * Renders one attempt's batch script: `#SBATCH` lines from the job's resources and the site, the job's
 * environment exported, its argv run WITHOUT a shell re-parse (every word single-quoted), and its
 * exit file written in the format of executors/common/run-files.ts, so
 * a restarted driver settles a job that ended while no driver ran from the file alone. When Slurm kills
 * the job (scancel, TIMEOUT, OOM) the shell dies too and writes no file: then Slurm's state decides.
 */
export function renderBatchJob(launch: JobLaunch, runId: string, site: SlurmSettings): BatchJob {
  for (const key of Object.keys(launch.env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`environment variable name '${key}' of job ${launch.name} is not a shell name`);
  }
  const name = slurmJobName(runId, launch.jobId, launch.attempt, launch.label);
  const { lines, sbatchArgs } = header(name, [['output', launch.stdoutPath], ['error', launch.stderrPath]], launch, site);
  lines.push(
    `# bps-ts job ${launch.name} (label ${launch.label}), attempt ${launch.attempt}`.replace(/[\r\n]/g, ' '),
    // Run as a task of a job array, the job writes its own logs (an array has one --output pattern).
    `if [ -n "\${SLURM_ARRAY_TASK_ID:-}" ]; then exec >${quoteForShell(launch.stdoutPath)} 2>${quoteForShell(launch.stderrPath)}; fi`,
    ...Object.entries(launch.env).map(([key, value]) => `export ${key}=${quoteForShell(value)}`),
    `exit_file=${quoteForShell(launch.exitPath)}`,
    launch.argv.map(quoteForShell).join(' '),
    'rc=$?',
    // A payload killed by signal N leaves the shell's status 128+N (the local wrapper writes `signal N`).
    'if [ "$rc" -gt 128 ] && [ "$rc" -lt 193 ]; then verdict="signal $((rc - 128))"; else verdict="exit $rc"; fi',
    // Builtins only (no date, no mv): thousands of tasks share a node's cores. One small write; a reader
    // that opens the file in between sees it empty and waits (readExitFile).
    'printf \'%s %(%s)T\\n\' "$verdict" -1 > "$exit_file"',
    'exit "$rc"',
    '',
  );
  return { name, script: lines.join('\n'), sbatchArgs };
}

/**
 * One Slurm job array for jobs with the same resource request, each task running its job's own script
 * (written by {@link renderBatchJob}). One `sbatch` instead of one per job: on a busy controller (and
 * on this project's 2-core test machine) the sbatch calls, not the jobs, limit throughput. The task
 * list is kept in a `# tasks:` line so a restarted driver can tell which task is which job.
 */
export function renderArrayJob(launches: readonly JobLaunch[], scripts: readonly string[], runId: string, site: SlurmSettings): BatchJob {
  const first = launches[0] as JobLaunch;
  const name = slurmArrayName(runId, first.jobId, first.attempt);
  const { lines, sbatchArgs } = header(name, [['output', '/dev/null'], ['error', '/dev/null'], ['array', `0-${launches.length - 1}`]], first, site);
  lines.push(
    `# bps-ts array of ${launches.length} jobs; task i runs the i-th script`,
    `# tasks: ${launches.map((l) => `${l.jobId}.${l.attempt}`).join(' ')}`,
    `scripts=(${scripts.map(quoteForShell).join(' ')})`,
    'exec /bin/bash "${scripts[$SLURM_ARRAY_TASK_ID]}"',
    '',
  );
  return { name, script: lines.join('\n'), sbatchArgs };
}

/** The `# tasks:` line of an array script: `jobId.attempt` per task index. */
export function arrayTasks(script: string): string[] {
  return /^# tasks: (.*)$/m.exec(script)?.[1]?.split(' ').filter((t) => t !== '') ?? [];
}

/** `#SBATCH` lines for a job's resources and the site; values with blanks go on sbatch's command line. */
function header(name: string, own: ReadonlyArray<[string, string]>, launch: JobLaunch, site: SlurmSettings): { lines: string[]; sbatchArgs: string[] } {
  const options: Array<[string, string]> = [
    ['job-name', name],
    ...own,
    ['nodes', '1'],
    ['ntasks', '1'],
    ['cpus-per-task', String(launch.cpus)],
    ['mem', `${launch.memoryMiB}M`],
  ];
  const time = launch.walltimeSec !== undefined ? slurmMinutes(launch.walltimeSec) : site.walltime;
  if (time !== undefined) options.push(['time', time]);
  for (const key of ['partition', 'qos', 'constraint', 'account', 'reservation'] as const) {
    const value = site[key];
    if (value !== undefined && value !== '') options.push([key, value]);
  }
  const lines: string[] = ['#!/bin/bash'];
  const sbatchArgs: string[] = [];
  for (const [key, value] of options) {
    // An #SBATCH line is split on blanks by sbatch itself; such values go on its command line instead.
    if (/[\s"'\\]/.test(value)) sbatchArgs.push(`--${key}=${value}`);
    else lines.push(`#SBATCH --${key}=${value}`);
  }
  // Slurm's own requeue (after NODE_FAIL or preemption) would rerun the same attempt into the same log
  // files behind the scheduler's back; bps-ts reruns lost jobs itself, as a new attempt with new logs.
  // A site's sbatchOptions may still say --requeue: sbatch's command line beats #SBATCH lines.
  lines.push('#SBATCH --no-requeue');
  // Stored settings are re-split here too: no setting may add a line the shell would run.
  for (const line of (site.scheduler_options ?? []).flatMap((text) => text.split(/\r?\n/)).map((l) => l.trim()).filter((l) => l !== '')) {
    lines.push(line.startsWith('#') ? line : `#SBATCH ${line}`);
  }
  sbatchArgs.push(...(site.sbatchOptions ?? []));
  return { lines, sbatchArgs };
}

/** Jobs that may share one array: the same resource request (the site's settings are the same for all). */
export function arrayKey(launch: JobLaunch): string {
  return `${launch.cpus}|${launch.memoryMiB}|${launch.walltimeSec ?? ''}`;
}

/** Slurm's `--time` takes whole minutes (it rounds seconds up anyway: docs/SLURM.md). */
export function slurmMinutes(seconds: number): string {
  return String(Math.max(1, Math.ceil(seconds / 60)));
}
