/** Benchmark workers, each run in a fresh process so time and peak RSS are its own (see run.ts). */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { driveRun } from '../src/app/drive.js';
import { openRun } from '../src/app/run-lookup.js';
import { createLogger, silentLogger } from '../src/log/logger.js';
import type { LabelSpec } from '../src/model/job-spec.js';
import type { StoredSite } from '../src/model/site.js';
import { splitCommandLine } from '../src/process/argv.js';
import { quantumGraphFromQuanta } from '../src/qgraph/assemble.js';
import type { QuantumGraph } from '../src/qgraph/types.js';
import { createRunState } from '../src/state/create-run.js';
import type { JobInit } from '../src/state/types.js';
import { buildWorkflow } from '../src/workflow/build.js';
import { buildWorkflowFromClusters } from '../src/workflow/build-clusters.js';
import { dimensionClustering } from '../src/cluster/dimension-clustering.js';
import { initialStates } from '../src/workflow/initial-states.js';
import type { Workflow } from '../src/workflow/types.js';
import { ingestMode } from './ingest.js';

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

function spec(label: string, command: string, kind: LabelSpec['kind'] = 'payload', memoryMiB = 2048): LabelSpec {
  return {
    label, kind, command: splitCommandLine(command), environment: {},
    resources: { requestCpus: 1, requestMemory: memoryMiB, requestWalltime: undefined, requestDisk: undefined },
    retry: { numberOfRetries: 5, retryUnlessExit: [1, 2], memoryMultiplier: 2, memoryLimit: 491520 },
  };
}

const RUN_QUANTUM = '${CTRL_MPEXEC_DIR}/bin/pipetask --long-log --log-level=VERBOSE run-qbb /repo /submit/u_bench.qg --qgraph-node-id {qgraphNodeId}';

function workflowOf(graph: QuantumGraph, command: string, withInitFinal: boolean, memoryMiB = 2048): Workflow {
  return buildWorkflow(graph, {
    name: 'u_bench_run',
    templateDataId: '{tract}_{patch}_{band}_{visit}_{exposure}_{detector}',
    formatValue: (v) => String(v),
    labelSpec: (label) => spec(label, command, 'payload', memoryMiB),
    init: withInitFinal ? spec('pipetaskInit', 'pipetask pre-exec-init-qbb /repo g.qg', 'init') : undefined,
    finalJob: { whenRun: withInitFinal ? 'ALWAYS' : 'NEVER', spec: withInitFinal ? spec('finalJob', 'butler aggregate-graph g.qg /repo', 'final') : undefined },
  });
}

function writeState(submitDir: string, graph: QuantumGraph, workflow: Workflow, site: StoredSite, memoryMiB = 2048): void {
  mkdirSync(join(submitDir, 'logging'), { recursive: true });
  function* jobs(): Generator<JobInit> {
    for (const job of workflow.jobs) {
      const first = job.quanta[0];
      const tasks = new Map<string, number>();
      for (const q of job.quanta) tasks.set(graph.labels[graph.labelOf[q] as number] as string, (tasks.get(graph.labels[graph.labelOf[q] as number] as string) ?? 0) + 1);
      yield {
        name: job.name, label: job.label, quanta: job.quanta.map((q) => graph.id(q)).join(','), dataId: first === undefined ? null : graph.dataId(first), memoryMiB, tasks: [...tasks],
      };
    }
  }
  createRunState(join(submitDir, 'bps.sqlite'), {
    run: { runId: 'bench', name: 'u/bench/run', uniqProcName: 'u_bench_run', submitDir, operator: 'bench', project: '', campaign: '', payloadName: 'bench', site },
    tasks: graph.labels,
    labels: workflow.labels.map((label) => {
      const spec = workflow.labelSpecs.get(label) as LabelSpec;
      return { label, kind: spec.kind, spec };
    }),
    jobs: jobs(),
    edges: { from: workflow.edgeFrom, to: workflow.edgeTo },
    initialStates: initialStates(workflow),
  });
}

function localSite(slots: number): StoredSite {
  return { name: 'local', executor: 'local', settings: { maxJobs: slots } };
}

/** A graph of `n` quanta over 13 labels; with `chained`, each quantum depends on the one 13 before it. */
function syntheticGraph(n: number, chained: boolean): QuantumGraph {
  const labels = Array.from({ length: 13 }, (_, i) => `task${i}`);
  const quanta = Array.from({ length: n }, (_, i) => ({ id: `0199f0a1-0000-7000-8000-${i.toString(16).padStart(12, '0')}`, label: labels[i % 13] as string, dataId: { visit: Math.floor(i / 13), detector: i % 13 } }));
  const from: number[] = [];
  const to: number[] = [];
  if (chained) for (let i = 13; i < n; i += 1) (from.push(i - 13), to.push(i));
  return quantumGraphFromQuanta({ quanta, labels, edgeFrom: from, edgeTo: to });
}

/** `n` quanta of one task whose data IDs put three in each visit. */
function tripletGraph(n: number): QuantumGraph {
  const quanta = Array.from({ length: n }, (_, i) => ({ id: `0199f0a1-0000-7000-8000-${i.toString(16).padStart(12, '0')}`, label: 'calibrate', dataId: { visit: Math.floor(i / 3), detector: i % 3 } }));
  return quantumGraphFromQuanta({ quanta, labels: ['calibrate'], edgeFrom: [], edgeTo: [] });
}

function clusteredWorkflowOf(graph: QuantumGraph, command: string, memoryMiB: number): Workflow {
  const clusters = dimensionClustering(graph, [{ label: 'visit', pipetasks: ['calibrate'], dimensions: ['visit'] }], { formatValue: (v) => String(v) });
  return buildWorkflowFromClusters(clusters, { name: 'u_bench_run', labelSpec: (label) => spec(label, command, 'payload', memoryMiB), init: undefined, finalJob: { whenRun: 'NEVER', spec: undefined } });
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'ingest') {
  await ingestMode(args[0] as string, args.includes('--single'));
} else if (mode === 'dispatch') {
  const [jobs, slots, dir] = [Number(args[0]), Number(args[1]), args[2] as string];
  rmSync(dir, { recursive: true, force: true });
  const graph = syntheticGraph(jobs, false);
  writeState(dir, graph, workflowOf(graph, '/bin/true', false), localSite(slots));
  const db = openRun(dir);
  const start = process.hrtime.bigint();
  const ctx = { logger: silentLogger(), cwd: dir, env: process.env, bpsHome: join(dir, 'home'), now: () => new Date() };
  const { report } = await driveRun(db, ctx);
  const elapsed = seconds(start);
  db.close();
  console.log(JSON.stringify({ seconds: elapsed, succeeded: report.totals.succeeded }));
} else if (mode === 'make-run') {
  const [dir, n] = [args[0] as string, Number(args[1])];
  rmSync(dir, { recursive: true, force: true });
  const start = process.hrtime.bigint();
  const graph = syntheticGraph(n, true);
  writeState(dir, graph, workflowOf(graph, RUN_QUANTUM, true), localSite(2));
  console.log(JSON.stringify({ seconds: seconds(start) }));
} else if (mode === 'slurm' || mode === 'slurm-clustered') {
  // `n` independent /bin/true jobs on the local Slurm cluster, asking for 100 MiB as the array baseline's
  // DefMemPerCPU does, so both are limited by the same 16 advertised CPUs. slurm-clustered: `n` quanta
  // whose visit holds three each, dimension-clustered by visit (3 quanta to a job).
  const [jobs, dir] = [Number(args[0]), args[1] as string];
  rmSync(dir, { recursive: true, force: true });
  const graph = mode === 'slurm' ? syntheticGraph(jobs, false) : tripletGraph(jobs);
  const workflow = mode === 'slurm' ? workflowOf(graph, '/bin/true', false, 100) : clusteredWorkflowOf(graph, '/bin/true', 100);
  writeState(dir, graph, workflow, { name: 'bench_slurm', executor: 'slurm', settings: { partition: 'debug', pollInterval: 1 } }, 100);
  const db = openRun(dir);
  let stats = '';
  const capture = new Writable({ write(chunk: Buffer, _e, done) { const line = chunk.toString(); if (line.includes('Slurm client calls')) stats = line.trim(); done(); } });
  const ctx = { logger: createLogger({ level: 'DEBUG', terminal: capture }), cwd: dir, env: process.env, bpsHome: join(dir, 'home'), now: () => new Date() };
  const start = process.hrtime.bigint();
  const { report } = await driveRun(db, ctx);
  const elapsed = seconds(start);
  db.close();
  console.log(JSON.stringify({ seconds: elapsed, quanta: graph.size, jobs: workflow.jobs.length, succeeded: report.totals.succeeded, stats }));
} else if (mode === 'allocation-state') {
  // `n` independent /bin/true jobs (1 core, 100 MiB each) for the allocation executor on the local cluster.
  const [jobs, dir] = [Number(args[0]), args[1] as string];
  rmSync(dir, { recursive: true, force: true });
  const graph = syntheticGraph(jobs, false);
  writeState(dir, graph, workflowOf(graph, '/bin/true', false, 100), { name: 'bench_allocation', executor: 'allocation', settings: { partition: 'debug', nodes: 4, cores_per_node: 4, mem_per_node: 16 } }, 100);
  console.log(JSON.stringify({ dir }));
} else if (mode === 'allocation-drive') {
  // Run inside the allocation (its batch script): drives the state made by allocation-state, writes the timing.
  const [dir, out] = [args[0] as string, args[1] as string];
  const db = openRun(dir);
  const ctx = { logger: silentLogger(), cwd: dir, env: process.env, bpsHome: join(dir, 'home'), now: () => new Date() };
  const start = process.hrtime.bigint();
  const { report } = await driveRun(db, ctx);
  const elapsed = seconds(start);
  db.close();
  const cpu = process.cpuUsage();
  writeFileSync(out, JSON.stringify({ seconds: elapsed, succeeded: report.totals.succeeded, driverCpuSeconds: (cpu.user + cpu.system) / 1e6 }));
}
