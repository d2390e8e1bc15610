/**
 * Helpers of the allocation executor's integration tests (test/integration/allocation*.test.ts), against
 * the real 4-node Slurm of scripts/slurm-local.sh: a config with an allocation site on it, the environment
 * of a "login node" (no SLURM_* of any job the tests may run in), and what Slurm's records say.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { demoConfigLines } from './bps-cli.js';

/**
 * A config running the demo with an allocation site on the local cluster: four nodes, 4 CPUs and 16 GB each
 * (the nodes advertise the host's 23 GiB), 10 minutes, unless `nodes` and `walltime` say otherwise; `site` is more YAML for the
 * site block, `root` for the config's root.
 */
export function allocationConfig(dir: string, name: string, options: { site?: string; root?: string; walltime?: string; nodes?: number } = {}): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, [
    ...demoConfigLines(),
    'computeSite: alloc_local',
    ...(options.root ?? '').split('\n').filter((l) => l !== ''),
    'site:',
    '  alloc_local:',
    '    executor: allocation',
    '    partition: debug',
    `    nodes: ${options.nodes ?? 4}`,
    '    cores_per_node: 4',
    '    mem_per_node: 16',
    `    walltime: '${options.walltime ?? '00:10:00'}'`,
    ...(options.site ?? '').split('\n').filter((l) => l !== '').map((l) => `    ${l}`),
    '',
  ].join('\n'));
  return path;
}

/** `env` as on a login node: no SLURM_* variables (the test runner itself may run inside a Slurm job). */
export function loginEnv(env: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  return { ...Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('SLURM_'))), ...extra };
}

/** One row of `sacct -P -o JobIDRaw,JobName,State,ExitCode,NodeList,Start,End` (allocations and steps). */
export interface SacctRow {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly exitCode: string;
  readonly nodes: string;
}

/** sacct's rows for jobs named `name` (allocations) and their steps; waits `settleMs` for records to arrive. */
export async function sacctByName(name: string, settleMs = 3000): Promise<SacctRow[]> {
  await sleep(settleMs);
  const { stdout } = await execa('sacct', ['-n', '-P', '--name', name, '-o', 'JobIDRaw,JobName,State,ExitCode,NodeList']);
  const allocations = stdout.split('\n').filter((l) => l !== '').map((l) => l.split('|')[0] as string);
  if (allocations.length === 0) return [];
  const all = await execa('sacct', ['-n', '-P', '-j', allocations.join(','), '-o', 'JobIDRaw,JobName,State,ExitCode,NodeList']);
  return all.stdout.split('\n').filter((l) => l !== '').map((line) => {
    const [id = '', jobName = '', state = '', exitCode = '', nodes = ''] = line.split('|');
    return { id, name: jobName, state, exitCode, nodes };
  });
}

/** Names of the jobs squeue lists now, and with `steps` of the job steps too (`squeue -s` lists steps only). */
export async function squeueNames(options: { steps?: boolean } = {}): Promise<string[]> {
  const jobs = await execa('squeue', ['-h', '-o', '%j']);
  const steps = options.steps ? (await execa('squeue', ['-h', '-s', '-o', '%j'])).stdout : '';
  return `${jobs.stdout}\n${steps}`.split('\n').filter((l) => l !== '');
}

/** The run id of the run in `submitDir` (undefined before its state exists). */
export async function runIdIn(submitDir: string): Promise<string | undefined> {
  const path = join(submitDir, 'bps.sqlite');
  if (!existsSync(path)) return undefined;
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT run_id FROM run').get() as { run_id: string }).run_id;
  } finally {
    db.close();
  }
}

/** Cancels whatever a failed test left of run `runId` in Slurm (its allocations, or its steps in a user's). */
export async function cancelLeftovers(runId: string | undefined): Promise<void> {
  if (runId === undefined) return;
  await execa('scancel', ['--name', `bps.${runId}.alloc`], { reject: false });
  const { stdout } = await execa('squeue', ['-h', '-s', '-o', '%i|%j'], { reject: false });
  const steps = String(stdout).split('\n').filter((l) => l.includes(`|bps.${runId}.`)).map((l) => l.split('|')[0] as string);
  if (steps.length > 0) await execa('scancel', steps, { reject: false });
}

/** Polls `check` every 200 ms until it returns true; fails with `what` after `timeoutMs`. */
export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}
