/**
 * The state layer's benchmark: builds a realistic run state (13 labels, ~2 edges per job) once, then, in
 * fresh child processes, times what `bps status` does (open read-only + labelCounts + runInfo) and what a
 * restart does (loadSchedulingState), and in this process times scheduler rounds.
 *
 *   npx tsx bench/status.ts [jobs=1000000] [workDir=/tmp/bps-bench-status]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StateCode } from '../src/model/job-state.js';
import type { JobInit, RunStateInit, Transition } from '../src/state/types.js';

const TASKS = ['isr', 'characterizeImage', 'calibrate', 'writeSourceTable', 'transformSourceTable', 'consolidateSourceTable',
  'makeWarp', 'assembleCoadd', 'detection', 'mergeDetections', 'deblend'];
const LABELS = ['pipetaskInit', ...TASKS, 'finalJob'];

/** What {@link runStatusBench} measured; times in seconds. */
export interface StatusBenchResult {
  readonly jobs: number;
  readonly edges: number;
  readonly labels: number;
  /** createRunState, including generating the job records (undefined when an existing file was reused). */
  readonly createSeconds: number | undefined;
  readonly fileMiB: number;
  /** open read-only + labelCounts + runInfo + close, inside a fresh process; median and all samples. */
  readonly statusSeconds: number;
  readonly statusSamples: readonly number[];
  /** The whole fresh child process (node start, module loading, the status queries), median. */
  readonly statusProcessSeconds: number;
  /** open + loadSchedulingState in a fresh process (what a restart pays). */
  readonly loadSchedulingSeconds: number;
  /** Job transitions committed per second in rounds of `roundSize` (applyRound). */
  readonly roundTransitionsPerSecond: number;
  readonly roundSize: number;
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const uuid = (i: number) => `0199f0a1-${((i * 2654435761) >>> 0).toString(16).padStart(8, '0').slice(0, 4)}-7000-8000-${i.toString(16).padStart(12, '0')}`;

/**
 * A run of `jobs` jobs: pipetaskInit, 11 task labels in equal layers, finalJob (no edges: whenRun ALWAYS).
 * Layer 0 hangs off pipetaskInit; every job of layer k > 0 has two parents in layer k − 1.
 */
export function benchRun(jobs: number, submitDir: string): RunStateInit {
  const perLayer = Math.floor((jobs - 2) / TASKS.length);
  const layerOf = (i: number) => Math.min(TASKS.length - 1, Math.floor((i - 1) / perLayer));
  function* records(): Generator<JobInit> {
    yield { name: 'pipetaskInit', label: 'pipetaskInit', quanta: '', dataId: null, memoryMiB: 2048 };
    for (let i = 1; i < jobs - 1; i += 1) {
      const label = TASKS[layerOf(i)] as string;
      const [visit, detector] = [Math.floor(i / 189), i % 189];
      yield { name: `${uuid(i)}_${label}_${visit}_${detector}`, label, quanta: uuid(i), dataId: { instrument: 'LSSTCam', visit, detector }, memoryMiB: 2048 };
    }
    yield { name: 'finalJob', label: 'finalJob', quanta: '', dataId: null, memoryMiB: 32768 };
  }
  const { from, to } = benchEdges(jobs, perLayer, layerOf);
  return {
    run: {
      name: 'u/bench/status', uniqProcName: 'u_bench_status', submitDir, operator: 'bench', project: 'bench', campaign: 'bench',
      payloadName: 'bench', site: { name: 'local', executor: 'local', settings: {} },
    },
    labels: LABELS.map((label, i) => ({ label, kind: i === 0 ? 'init' : i === LABELS.length - 1 ? 'final' : 'payload' })),
    jobs: records(),
    edges: { from, to },
  };
}

function benchEdges(jobs: number, perLayer: number, layerOf: (i: number) => number): { from: Uint32Array; to: Uint32Array } {
  const capacity = 2 * jobs;
  const [from, to] = [new Uint32Array(capacity), new Uint32Array(capacity)];
  let e = 0;
  for (let i = 1; i < jobs - 1; i += 1) {
    const layer = layerOf(i);
    if (layer === 0) {
      [from[e], to[e]] = [0, i];
      e += 1;
      continue;
    }
    const start = 1 + (layer - 1) * perLayer;
    const offset = (i - 1 - layer * perLayer) % perLayer;
    for (const parent of new Set([start + offset, start + ((offset + 1) % perLayer)])) {
      [from[e], to[e]] = [parent, i];
      e += 1;
    }
  }
  return { from: from.slice(0, e), to: to.slice(0, e) };
}

/** Runs this file again in a fresh process for one measurement; returns its JSON answer and wall time. */
function inChild(task: 'status' | 'load', path: string): { result: Record<string, number>; wall: number } {
  const start = process.hrtime.bigint();
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--test'));
  const child = spawnSync(process.execPath, [...execArgv, fileURLToPath(import.meta.url), '--child', task, path], { encoding: 'utf8' });
  const wall = seconds(start);
  if (child.status !== 0) throw new Error(`bench child failed: ${child.stderr}`);
  return { result: JSON.parse(child.stdout) as Record<string, number>, wall };
}

/** The child's side: times only the state calls, after the module is loaded. */
async function childMain(task: string, path: string): Promise<void> {
  const { openReadOnly, openRunState } = await import('../src/state/run-db.js');
  const start = process.hrtime.bigint();
  if (task === 'status') {
    const db = openReadOnly(path);
    const counts = db.labelCounts();
    db.runInfo();
    db.close();
    process.stdout.write(JSON.stringify({ seconds: seconds(start), total: counts.reduce((n, l) => n + l.total, 0) }));
  } else {
    const db = openRunState(path);
    const state = db.loadSchedulingState();
    db.close();
    process.stdout.write(JSON.stringify({ seconds: seconds(start), jobs: state.jobCount, edges: state.childList.length }));
  }
}

/** Commits `rounds` rounds of `size` PENDING transitions (a new attempt each) and returns transitions/s. */
async function roundRate(path: string, jobs: number, size: number, rounds: number): Promise<number> {
  const { openRunState } = await import('../src/state/run-db.js');
  const db = openRunState(path);
  try {
    const start = process.hrtime.bigint();
    for (let r = 0; r < rounds; r += 1) {
      const transitions: Transition[] = [];
      for (let k = 0; k < size; k += 1) {
        const job = 1 + ((r * size + k) % (jobs - 2));
        transitions.push({ job, state: (r % 2 === 0 ? 14 : 15) as StateCode, attempt: r % 2 === 0 ? 1 + r : undefined, memoryMiB: 2048, at: Date.now() });
      }
      db.applyRound({ transitions });
    }
    return (size * rounds) / seconds(start);
  } finally {
    db.close();
  }
}

/** Builds (or reuses) the run under `workDir` and measures it; see {@link StatusBenchResult}. */
export async function runStatusBench(options: { jobs?: number; workDir: string; samples?: number; fresh?: boolean }): Promise<StatusBenchResult> {
  const jobs = options.jobs ?? 1_000_000;
  const submitDir = join(options.workDir, `status-${jobs}`);
  const path = join(submitDir, 'bps.sqlite');
  if (options.fresh) rmSync(submitDir, { recursive: true, force: true });
  let createSeconds: number | undefined;
  if (!existsSync(path)) {
    mkdirSync(submitDir, { recursive: true });
    const { createRunState } = await import('../src/state/create-run.js');
    const start = process.hrtime.bigint();
    createRunState(path, benchRun(jobs, submitDir));
    createSeconds = seconds(start);
  }
  const samples = Array.from({ length: options.samples ?? 5 }, () => inChild('status', path));
  const load = inChild('load', path);
  const roundSize = 10_000;
  const roundTransitionsPerSecond = await roundRate(path, jobs, roundSize, 10);
  return {
    jobs, edges: load.result['edges'] as number, labels: LABELS.length, createSeconds, fileMiB: statSync(path).size / 2 ** 20,
    statusSeconds: median(samples.map((s) => s.result['seconds'] as number)), statusSamples: samples.map((s) => s.result['seconds'] as number),
    statusProcessSeconds: median(samples.map((s) => s.wall)), loadSchedulingSeconds: load.result['seconds'] as number,
    roundTransitionsPerSecond, roundSize,
  };
}

function report(r: StatusBenchResult): void {
  const n = (x: number) => x.toLocaleString('en');
  console.log(`run state: ${n(r.jobs)} jobs, ${n(r.edges)} edges, ${r.labels} labels, ${r.fileMiB.toFixed(0)} MiB`);
  if (r.createSeconds !== undefined) console.log(`createRunState (one transaction, tmp + rename): ${r.createSeconds.toFixed(2)} s`);
  console.log(`status in a fresh process (openReadOnly + labelCounts + runInfo): ${(r.statusSeconds * 1000).toFixed(1)} ms median [${r.statusSamples.map((s) => (s * 1000).toFixed(1)).join(', ')}] (target < 500 ms)`);
  console.log(`  whole child process including node start and module loading: ${(r.statusProcessSeconds * 1000).toFixed(0)} ms median`);
  console.log(`loadSchedulingState (restart) in a fresh process: ${r.loadSchedulingSeconds.toFixed(2)} s`);
  console.log(`applyRound: ${n(Math.round(r.roundTransitionsPerSecond))} transitions/s in rounds of ${n(r.roundSize)}`);
}

const [flag, task, arg] = process.argv.slice(2);
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (flag === '--child') await childMain(task ?? '', arg ?? '');
  else report(await runStatusBench({ jobs: Number(flag ?? 1_000_000), workDir: task ?? '/tmp/bps-bench-status', fresh: true }));
}
