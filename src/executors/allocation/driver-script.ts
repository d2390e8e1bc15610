/**
 * The batch script of an allocation queued from a login node (docs/SLURM.md, "From a login node"): the
 * site's allocation request as `#SBATCH` lines (ctrl_bps_parsl's Slurm keys), named after the run with
 * `--dependency=singleton` so the run's allocations run one after the other, and a body that runs the
 * run's driver (`bps restart <submitDir> --quiet`) inside it. Every word is single-quoted: no config value
 * is re-parsed by a shell.
 */
import { quoteForShell } from '../../process/argv.js';
import type { AllocationSettings } from './settings.js';
import { DEFAULT_NODES } from './settings.js';

/** The rendered script and what goes on sbatch's command line instead (values with blanks, sbatchOptions). */
export interface DriverScript {
  readonly script: string;
  readonly sbatchArgs: readonly string[];
}

/** What the driver's batch script is made of besides the site's settings. */
export interface DriverScriptRequest {
  /** The allocation's job name (slurm/job-name.ts allocationJobName). */
  readonly name: string;
  /** Where Slurm writes the driver's output (`%j` is the allocation's id). */
  readonly outputPath: string;
  /** The driver's argv, absolute paths. */
  readonly command: readonly string[];
  /** The folder the driver starts in (bps submit's working folder: `${PWD}` in the config means it). */
  readonly cwd: string;
}

/** `#SBATCH` options of the allocation, in order. */
export function allocationOptions(settings: AllocationSettings): Array<[string, string | undefined]> {
  const options: Array<[string, string | undefined]> = [['nodes', String(settings.nodes ?? DEFAULT_NODES)], ['ntasks-per-node', '1']];
  // Parsl's SlurmProvider asks cores per node as --cpus-per-task of the one task per node; without it, the
  // whole nodes. Memory: mem_per_node GB, else the nodes' whole memory (--mem=0), which steps then share.
  if (settings.cores_per_node !== undefined) options.push(['cpus-per-task', String(settings.cores_per_node)]);
  else options.push(['exclusive', undefined]);
  options.push(['mem', settings.mem_per_node !== undefined ? `${Math.floor(settings.mem_per_node * 1024)}M` : '0']);
  if (settings.walltime !== undefined) options.push(['time', settings.walltime]);
  for (const key of ['partition', 'qos', 'constraint', 'account', 'reservation'] as const) {
    const value = settings[key];
    if (value !== undefined && value !== '') options.push([key, value]);
  }
  return options;
}

/** The batch script of one of the run's allocations, and the sbatch arguments that go with it. */
export function renderDriverScript(settings: AllocationSettings, request: DriverScriptRequest): DriverScript {
  const options: Array<[string, string | undefined]> = [
    ['job-name', request.name],
    // One allocation of the run at a time: the next one waits for this one to end (ctrl_bps_parsl's singleton).
    ['dependency', 'singleton'],
    ['output', request.outputPath],
    ...allocationOptions(settings),
  ];
  const lines = ['#!/bin/bash'];
  const sbatchArgs: string[] = [];
  for (const [key, value] of options) {
    const option = value === undefined ? `--${key}` : `--${key}=${value}`;
    // An #SBATCH line is split on blanks by sbatch itself; such values go on its command line instead.
    if (value !== undefined && /[\s"'\\]/.test(value)) sbatchArgs.push(option);
    else lines.push(`#SBATCH ${option}`);
  }
  // Slurm's requeue would start a second driver on the same run behind the scheduler's back.
  lines.push('#SBATCH --no-requeue');
  for (const line of (settings.scheduler_options ?? []).flatMap((text) => text.split(/\r?\n/)).map((l) => l.trim()).filter((l) => l !== '')) {
    lines.push(line.startsWith('#') ? line : `#SBATCH ${line}`);
  }
  sbatchArgs.push(...(settings.sbatchOptions ?? []));
  lines.push(
    "# bps-ts: this allocation runs the run's driver, which runs the jobs as srun steps in it and ends it",
    '# when no job left fits (docs/SLURM.md, "From a login node"). The environment is the one sbatch ran in.',
    `cd ${quoteForShell(request.cwd)} || exit 1`,
    // Slurm signals every process of the batch step at the time limit: the driver stops and records its
    // jobs; this shell must not die first (the step would end and kill the driver mid-record).
    "trap ':' TERM",
    `${request.command.map(quoteForShell).join(' ')} &`,
    'driver=$!',
    'while wait "$driver"; rc=$?; kill -0 "$driver" 2>/dev/null; do :; done',
    // 75: the driver handed the allocation back with work left, for the next one: not a failure of this one.
    'if [ "$rc" -eq 75 ]; then exit 0; fi',
    'exit "$rc"',
    '',
  );
  return { script: lines.join('\n'), sbatchArgs };
}
