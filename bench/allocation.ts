/**
 * The allocation executor's benchmark (`npm run bench allocation`), on the local 4-node Slurm
 * (scripts/slurm-local.sh: 4 nodes × 4 CPUs):
 *   1. 1,000 /bin/true jobs as steps of one allocation (16 cores), against (a) a bash loop starting the same
 *      `srun --exact` steps 16 at a time, inside an allocation of the same size, and (b) one job array of
 *      the same 1,000 commands;
 *   2. the demo DAG with the stand-in's durations (STANDIN_TIME_SCALE, default 30) in allocations of a few
 *      sizes: core-seconds used by the jobs over core-seconds allocated, and where the rest went.
 * BENCH_ROUNDS (default 3; 0 skips part 1) rounds of 1a, bps-ts and 1b, medians of each; BENCH_UTILIZATION_CORES (default 1,2,16) and
 * BENCH_UTILIZATION_SCALE choose part 2.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

const JOBS = 1000;
const ALLOCATION = ['-N4', '--ntasks-per-node=1', '-c4', '--mem=16G', '-t', '30'];

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** Runs a batch script in a 4-node allocation and waits for it (`sbatch --wait`). */
async function inAllocation(dir: string, name: string, body: string): Promise<void> {
  const script = join(dir, `${name}.sh`);
  writeFileSync(script, `#!/bin/bash\n${body}\n`, { mode: 0o755 });
  await execa('sbatch', ['--wait', '-J', `bench-${name}`, ...ALLOCATION, '-o', join(dir, `${name}.out`), script]);
}

/** (a) A bash loop: the same steps (1 core, 100 MiB), 16 at a time (xargs -P), each writing an exit file. */
async function srunLoop(dir: string): Promise<number> {
  const out = join(dir, 'loop');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await inAllocation(dir, 'loop', [
    't0=$(date +%s.%N)',
    `seq 1 ${JOBS} | xargs -P 16 -I{} sh -c 'srun --exact -N1 -n1 -c1 --mem=100M /bin/true >${out}/{}.out 2>${out}/{}.err; echo $? >${out}/{}.exit'`,
    `echo "$(date +%s.%N) $t0" | awk '{print $1 - $2}' > ${out}/seconds`,
  ].join('\n'));
  return Number(readFileSync(join(out, 'seconds'), 'utf8'));
}

/** bps-ts: the driver inside the allocation, timed from its start to the run's end. */
async function ours(dir: string, child: string): Promise<number> {
  const state = join(dir, 'ours');
  await execa(process.execPath, [child, 'allocation-state', String(JOBS), state]);
  const out = join(dir, 'ours.json');
  rmSync(out, { force: true });
  await inAllocation(dir, 'ours', `exec ${process.execPath} ${child} allocation-drive ${state} ${out}`);
  const result = JSON.parse(readFileSync(out, 'utf8')) as { seconds: number; succeeded: number };
  if (result.succeeded !== JOBS) throw new Error(`only ${result.succeeded} of ${JOBS} jobs succeeded`);
  return result.seconds;
}

/** (b) One job array of the same commands, from sbatch to the last task's end. */
async function jobArray(): Promise<number> {
  const start = process.hrtime.bigint();
  const { stdout } = await execa('sbatch', ['--parsable', `--array=0-${JOBS - 1}`, '-c1', '--mem=100M', '-o', '/dev/null', '--wrap', '/bin/true']);
  for (;;) {
    const { stdout: left } = await execa('squeue', ['-h', '-r', '-j', stdout.trim(), '-o', '%i'], { reject: false });
    if (left.trim() === '') return seconds(start);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function launchRates(dir: string, child: string): Promise<void> {
  const rounds = Number(process.env['BENCH_ROUNDS'] ?? 3);
  if (rounds <= 0) return;
  const loop: number[] = [];
  const bps: number[] = [];
  const arrays: number[] = [];
  // Each round runs all three, so that what the cluster carries from one run to the next (finished jobs
  // kept for MinJobAge, the accounting backlog) weighs on each alike; the array moves most from run to run.
  for (let round = 0; round < rounds; round += 1) {
    loop.push(await srunLoop(dir));
    bps.push(await ours(dir, child));
    arrays.push(await jobArray());
  }
  const [l, o, a] = [median(loop), median(bps), median(arrays)];
  const list = (values: number[]) => values.map((v) => v.toFixed(1)).join(', ');
  console.log(`allocation: ${JOBS} /bin/true jobs as steps of one 4-node allocation (16 cores), median of ${rounds}: bps-ts ${o.toFixed(1)} s [${list(bps)}], a bash loop of the same srun --exact steps 16 at a time ${l.toFixed(1)} s [${list(loop)}] = ${(l / o).toFixed(2)}× its rate (target ≥ 0.8); one job array of the same commands ${a.toFixed(1)} s [${list(arrays)}] = bps-ts ${(a / o).toFixed(2)}× faster (target ≥ 1.5)`);
}

interface Execution { readonly start: string; readonly end: string; readonly run: string }

/** Part 2: the demo DAG in an allocation of `cores` cores, from a login node; the used/allocated ratio. */
async function utilization(dir: string, root: string, cores: number, scale: number): Promise<void> {
  const work = join(dir, `util-${cores}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const repo = join(work, 'DC2');
  cpSync(join(root, 'examples', 'DC2'), repo, { recursive: true, filter: (src) => !/DC2\/(executions\.log|runs\.json|\.standin|datastore\/(u|shared))(\/|$)/.test(src) });
  const nodes = cores > 4 ? Math.ceil(cores / 4) : 1;
  const config = join(work, 'util.yaml');
  writeFileSync(config, [
    `includeConfigs: [${JSON.stringify(join(root, 'examples', 'bps_DRP.yaml'))}]`,
    `environment: {CTRL_MPEXEC_DIR: ${JSON.stringify(join(root, 'stack', 'ctrl_mpexec'))}, DAF_BUTLER_DIR: ${JSON.stringify(join(root, 'stack', 'daf_butler'))}}`,
    `pipelineYaml: ${JSON.stringify(join(root, 'examples', 'pipelines', 'DRP.yaml'))}`,
    'computeSite: bench_alloc',
    // assembleCoadd asks 8 GiB; one job per core needs no more than 2 GiB per core otherwise.
    `site: {bench_alloc: {executor: allocation, partition: debug, nodes: ${nodes}, cores_per_node: ${Math.min(cores, 4)}, mem_per_node: 16, walltime: '00:30:00'}}`,
    '',
  ].join('\n'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SLURM_') && !k.startsWith('STANDIN_')));
  const run = `u/bench/util${cores}`;
  await execa(join(root, 'bin', 'bps'), ['submit', config, '-b', repo, '--output-run', run, '--quiet'], { cwd: work, env: { ...env, STANDIN_TIME_SCALE: String(scale), BPS_HOME: join(work, 'home') }, extendEnv: false });
  const runId = JSON.parse((await execa(join(root, 'bin', 'bps'), ['status', run, '--json'], { cwd: work, env: { ...env, BPS_HOME: join(work, 'home') }, extendEnv: false })).stdout).run.id as string;
  await new Promise((resolve) => setTimeout(resolve, 3000)); // accounting records arrive a moment later
  // The allocations that ran (the last one queued behind them was cancelled unstarted).
  const { stdout } = await execa('sacct', ['-X', '-n', '-P', '--name', `bps.${runId}.alloc`, '-S', 'now-6hours', '-o', 'State,AllocCPUS,Start,End']);
  const allocations = stdout.trim().split('\n').map((l) => l.split('|')).filter(([state]) => state === 'COMPLETED')
    .map(([, cpus, start, end]) => ({ cpus: Number(cpus), start: Date.parse(start as string), end: Date.parse(end as string) }));
  const allocated = allocations.reduce((sum, a) => sum + (a.cpus * (a.end - a.start)) / 1000, 0);
  const executions = readFileSync(join(repo, 'executions.log'), 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Execution).filter((e) => e.run === run);
  const used = executions.reduce((sum, e) => sum + (Date.parse(e.end) - Date.parse(e.start)) / 1000, 0);
  const first = Math.min(...executions.map((e) => Date.parse(e.start)));
  const last = Math.max(...executions.map((e) => Date.parse(e.end)));
  const allocCores = allocations[0]?.cpus ?? cores;
  // sacct's times are whole seconds: the edges are good to a second.
  const before = Math.max(0, (allocCores * (first - Math.min(...allocations.map((a) => a.start)))) / 1000);
  const after = Math.max(0, (allocCores * (Math.max(...allocations.map((a) => a.end)) - last)) / 1000);
  const between = Math.max(0, allocated - used - before - after);
  const pct = (v: number) => `${((100 * v) / allocated).toFixed(1)}%`;
  const parallelism = used / ((last - first) / 1000);
  console.log(`allocation: demo DAG (29 quanta + init + final, STANDIN_TIME_SCALE=${scale}, average parallelism ${parallelism.toFixed(1)}) in ${allocations.length} allocation(s) of ${allocCores} core(s): jobs used ${used.toFixed(0)} of ${allocated.toFixed(0)} core-s allocated = ${(used / allocated).toFixed(2)} (target ≥ 0.85); the rest: ${pct(before)} before the first job (allocation start to the driver's first step), ${pct(between)} between jobs (cores idle while the DAG is narrower than the allocation, step launches), ${pct(after)} after the last job (driver end, hand-back)`);
}

export async function allocationBench(dir: string, child: string, root: string): Promise<void> {
  const probe = await execa('sinfo', ['-h', '-o', '%T'], { reject: false });
  if (probe.exitCode !== 0) {
    console.log(`allocation: skipped, no Slurm answers here (${String(probe.stderr).trim() || 'sinfo not found'}); start one with scripts/slurm-local.sh up`);
    return;
  }
  const benchDir = join(dir, 'allocation');
  mkdirSync(benchDir, { recursive: true });
  await launchRates(benchDir, child);
  const scale = Number(process.env['BENCH_UTILIZATION_SCALE'] ?? 30);
  for (const cores of (process.env['BENCH_UTILIZATION_CORES'] ?? '1,2,16').split(',').map(Number).filter((n) => n > 0)) {
    if (!existsSync(join(root, 'examples', 'DC2'))) break;
    await utilization(benchDir, root, cores, scale);
  }
}
