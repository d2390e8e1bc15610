/**
 * `npm run bench`: the project's performance figures (never timed assertions in tests).
 *   1. ingest (parse, drp_pipe-style clustering, transform) of synthetic v30 dot graphs (100,000 and 1,000,000
 *      quanta): bytes and quantum edges per quantum, time per step and peak RSS;
 *   2. 10,000 trivial jobs through the scheduler and the local executor vs `xargs -P` doing the same work;
 *   3. `bps status` of a run of 1,000,000 jobs, the whole CLI invocation;
 *   4. (slurm) 1,000 jobs through the Slurm executor against one job array;
 *   5. (allocation) the allocation executor on the local 4-node Slurm: launch rate against a bash loop of
 *      srun steps and against a job array, and the share of an allocation's core-seconds jobs use (allocation.ts).
 * BENCH_SIZES=100000 (comma list) to shorten part 1; BENCH_DIR for the scratch folder (default /tmp/bps-ts-bench).
 */
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { allocationBench } from './allocation.js';
import { DRP_STYLE_SPECS } from './ingest.js';
import { writeSyntheticDot } from './synthetic-dot.js';

const DIR = process.env['BENCH_DIR'] ?? '/tmp/bps-ts-bench';
const ROOT = new URL('../../', import.meta.url).pathname;
const CHILD = join(ROOT, 'dist', 'bench', 'child.js');

interface IngestResult {
  quanta: number; quantumEdges: number; clusters: number; jobs: number;
  parseSeconds: number; clusterSeconds: number; transformSeconds: number; parsePeakMiB: number; peakRssMiB: number;
}

/**
 * Synthetic DC2-shaped v30 dots (about 2.9 kB and 9.8 quantum edges per quantum, as real ones), each
 * read, clustered the drp_pipe way and transformed in a fresh process (child.ts ingest).
 */
async function ingestBench(): Promise<void> {
  const sizes = (process.env['BENCH_SIZES'] ?? '100000,1000000').split(',').map(Number);
  for (const size of sizes) {
    const path = join(DIR, `synthetic-v2-${size}.dot`);
    if (!existsSync(path)) await writeSyntheticDot(path, { quanta: size });
    const { stdout } = await execa(process.execPath, [CHILD, 'ingest', path]);
    const r = JSON.parse(stdout) as IngestResult;
    const bytes = statSync(path).size;
    const total = r.parseSeconds + r.clusterSeconds + r.transformSeconds;
    const big = size >= 1_000_000;
    console.log(
      `ingest ${r.quanta.toLocaleString('en')} quanta (${(bytes / 2 ** 20).toFixed(0)} MiB dot, ${Math.round(bytes / r.quanta).toLocaleString('en')} bytes and ${(r.quantumEdges / r.quanta).toFixed(1)} quantum edges per quantum): ` +
        `parse ${r.parseSeconds.toFixed(1)} s + cluster ${r.clusterSeconds.toFixed(1)} s (${r.clusters.toLocaleString('en')} clusters) + transform ${r.transformSeconds.toFixed(1)} s = ${total.toFixed(1)} s${big ? ' (target < 30 s)' : ''}, ` +
        `peak RSS ${r.peakRssMiB.toFixed(0)} MiB (parse ${r.parsePeakMiB.toFixed(0)})${big ? ' (target < 1536 MiB)' : ''}`,
    );
  }
}

/** This machine's launch rates vary by 2× from run to run, so xargs and bps-ts alternate and medians are compared. */
async function dispatchBench(): Promise<void> {
  const jobs = Number(process.env['BENCH_JOBS'] ?? 10_000);
  const slots = Number(process.env['BENCH_SLOTS'] ?? cpus().length);
  const rounds = Number(process.env['BENCH_ROUNDS'] ?? 3);
  const xargs: number[] = [];
  const ours: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    xargs.push(await xargsRate(jobs, slots));
    const { stdout } = await execa(process.execPath, [CHILD, 'dispatch', String(jobs), String(slots), join(DIR, 'dispatch')]);
    const result = JSON.parse(stdout) as { seconds: number; succeeded: number };
    if (result.succeeded !== jobs) throw new Error(`only ${result.succeeded} of ${jobs} jobs succeeded`);
    ours.push(jobs / result.seconds);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  const [x, o] = [median(xargs), median(ours)];
  console.log(`local dispatch of ${jobs.toLocaleString('en')} /bin/true jobs on ${slots} slots (median of ${rounds} alternating runs): xargs -P ${x.toFixed(0)} jobs/s [${xargs.map((r) => r.toFixed(0)).join(', ')}], bps-ts ${o.toFixed(0)} jobs/s [${ours.map((r) => r.toFixed(0)).join(', ')}] = ${((o / x) * 100).toFixed(0)}% of xargs (target ≥ 50%)`);
}

async function xargsRate(jobs: number, slots: number): Promise<number> {
  const xdir = join(DIR, 'xargs');
  rmSync(xdir, { recursive: true, force: true });
  mkdirSync(xdir, { recursive: true });
  const start = process.hrtime.bigint();
  await execa('bash', ['-c', `seq 1 ${jobs} | xargs -P ${slots} -I{} sh -c '/bin/true >${xdir}/{}.out 2>${xdir}/{}.err; echo $? > ${xdir}/{}.exit'`]);
  return jobs / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function statusBench(): Promise<void> {
  const runDir = join(DIR, 'status-1M');
  if (!existsSync(join(runDir, 'bps.sqlite'))) {
    const { stdout } = await execa(process.execPath, [CHILD, 'make-run', runDir, '1000000']);
    console.log(`created a 1,000,000-job run state in ${(JSON.parse(stdout) as { seconds: number }).seconds.toFixed(1)} s`);
  }
  const times: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const start = process.hrtime.bigint();
    await execa(join(ROOT, 'bin', 'bps'), ['status', runDir], { env: { BPS_HOME: join(DIR, 'home') } });
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  times.sort((a, b) => a - b);
  console.log(`bps status of a 1,000,000-job run (whole CLI, median of 5): ${times[2]?.toFixed(3)} s (target < 0.5 s)`);
}

/**
 * 1,000 trivial jobs through the Slurm executor on the local cluster (16 advertised CPUs) vs the same
 * 1,000 commands as ONE job array; and the Slurm client calls each poll round costs (target ≤ 3).
 */
async function slurmBench(): Promise<void> {
  const jobs = 1000;
  const probe = await execa('sinfo', ['-h', '-o', '%T'], { reject: false });
  if (probe.exitCode !== 0) {
    console.log(`slurm: skipped, no Slurm answers here (${String(probe.stderr).trim() || 'sinfo not found'}); start one with scripts/slurm-local.sh up`);
    return;
  }
  const arrayStart = process.hrtime.bigint();
  const { stdout: arrayId } = await execa('sbatch', ['--parsable', `--array=0-${jobs - 1}`, '-o', '/dev/null', '--wrap', '/bin/true']);
  for (;;) {
    const { stdout } = await execa('squeue', ['-h', '-r', '-j', arrayId.trim(), '-o', '%i'], { reject: false });
    if (stdout.trim() === '') break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const arraySeconds = Number(process.hrtime.bigint() - arrayStart) / 1e9;
  const { stdout } = await execa(process.execPath, [CHILD, 'slurm', String(jobs), join(DIR, 'slurm')]);
  const ours = JSON.parse(stdout) as { seconds: number; succeeded: number; stats: string };
  const perRound = /at most (\d+) in one round/.exec(ours.stats)?.[1] ?? '?';
  console.log(`slurm: ${jobs} /bin/true jobs on the local cluster: one job array ${arraySeconds.toFixed(1)} s, bps-ts ${ours.seconds.toFixed(1)} s (${ours.succeeded} succeeded) = ${(ours.seconds / arraySeconds).toFixed(2)}× the array (target ≤ 1.5×); poll rounds made at most ${perRound} client calls (target ≤ 3)`);
  console.log(`slurm: ${ours.stats.replace(/^bps DEBUG: /, '')}`);
  const { stdout: clusteredOut } = await execa(process.execPath, [CHILD, 'slurm-clustered', String(jobs), join(DIR, 'slurm-clustered')]);
  const clustered = JSON.parse(clusteredOut) as { seconds: number; quanta: number; jobs: number; succeeded: number; stats: string };
  const sbatch = /sbatch (\d+)/.exec(clustered.stats)?.[1] ?? '?';
  console.log(`slurm: ${clustered.quanta} quanta clustered 3 to a job: ${clustered.jobs} Slurm jobs instead of ${clustered.quanta} (array tasks of ${sbatch} sbatch call(s)), ${clustered.succeeded} quanta succeeded in ${clustered.seconds.toFixed(1)} s`);
}

/**
 * `bps plan` of the 1M-quanta synthetic graph, the whole CLI (dot read, drp_pipe-style clustering, the
 * job DAG, the simulation on a 10-node allocation site), from a config that names the dot as a graph
 * built earlier: no pipetask runs.
 */
async function planBench(): Promise<void> {
  const size = Number((process.env['BENCH_SIZES'] ?? '1000000').split(',').at(-1));
  const dot = join(DIR, `synthetic-v2-${size}.dot`);
  if (!existsSync(dot)) await writeSyntheticDot(dot, { quanta: size });
  const config = join(DIR, 'plan-bench.yaml');
  writeFileSync(join(DIR, 'plan-bench.qg'), '');
  writeFileSync(config, [
    'payload: {payloadName: bench, butlerConfig: /repo, inCollection: in, outputRun: u/bench/plan}',
    `qgraphFile: ${join(DIR, 'plan-bench.qg')}`,
    `qgraphDotFile: ${dot}`,
    'requestWalltime: 600',
    'clusterAlgorithm: lsst.ctrl.bps.quantum_clustering_funcs.dimension_clustering',
    'cluster:',
    ...DRP_STYLE_SPECS.flatMap((spec) => [
      `  ${spec.label}:`,
      `    pipetasks: ${spec.pipetasks.join(', ')}`,
      `    dimensions: ${(spec.dimensions ?? []).join(', ')}`,
      ...(spec.equalDimensions ? [`    equalDimensions: ${spec.equalDimensions.map((pair) => pair.join(':')).join(', ')}`] : []),
    ]),
    'computeSite: bench_alloc',
    "site: {bench_alloc: {executor: allocation, nodes: 10, cores_per_node: 128, walltime: '12:00:00'}}",
    '',
  ].join('\n'));
  const started = process.hrtime.bigint();
  const { stdout, stderr } = await execa('/usr/bin/time', ['-f', '%M', process.execPath, join(ROOT, 'bin', 'bps'), 'plan', config, '--json'], { cwd: DIR });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakMiB = Number(stderr.trim().split('\n').at(-1)) / 1024;
  const plan = JSON.parse(stdout) as { quanta: number; jobs: number; allocations: { count: number; nodeHours: number } };
  console.log(`bps plan of ${plan.quanta.toLocaleString('en')} quanta (${plan.jobs.toLocaleString('en')} jobs, ${plan.allocations.count} allocations of 10 nodes, ${plan.allocations.nodeHours.toFixed(0)} node-hours): ${seconds.toFixed(1)} s (target < 40 s), peak RSS ${peakMiB.toFixed(0)} MiB`);
}

mkdirSync(DIR, { recursive: true });
const only = process.argv[2];
if (!only || only === 'ingest') await ingestBench();
if (!only || only === 'dispatch') await dispatchBench();
if (!only || only === 'status') await statusBench();
if (!only || only === 'slurm') await slurmBench();
if (!only || only === 'plan') await planBench();
if (!only || only === 'allocation') await allocationBench(DIR, CHILD, ROOT);
