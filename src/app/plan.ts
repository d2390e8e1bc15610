/**
 * `bps plan CONFIG`: everything a submission does up to the job DAG, in a scratch folder that is removed
 * (no run folder kept), then a prediction for the chosen site (docs/ARCHITECTURE.md, "bps plan"): jobs and
 * clusters, what the executor submits, the critical path, the peak of jobs at once, core-hours, and for
 * allocation sites the allocations and their node-hours. Run times come from an earlier run of the same
 * pipeline (`--like RUN`: each label's mean succeeded attempt; a cluster label the earlier run did not have
 * sums its tasks' means), else from each job's requestWalltime.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusteredQuantumGraph } from '../cluster/index.js';
import { executorPlugin } from '../executors/registry.js';
import type { PlanJobs } from '../model/plan.js';
import { criticalPath } from '../plan/critical-path.js';
import { simulate } from '../plan/simulate.js';
import { probeCommand } from '../process/probe.js';
import type { DurationSource, PlanLabel, PlanReport } from '../report/plan.js';
import type { RunObserver } from '../report/run-observer.js';
import type { Workflow } from '../workflow/types.js';
import { definedEnv, type AppContext } from './context.js';
import { jobSize } from './job-size.js';
import { prepareSubmission } from './prepare.js';
import type { RunConfig } from './run-config.js';
import { findRunDir, openRun } from './run-lookup.js';

export interface PlanRequest {
  readonly configPath: string;
  readonly overrides: Readonly<Record<string, string>>;
  /** A run of the same pipeline whose run times to assume. */
  readonly like?: string;
  readonly observer?: RunObserver;
}

export async function planSubmission(request: PlanRequest, ctx: AppContext): Promise<PlanReport> {
  const history = request.like === undefined ? undefined : learnedRunTimes(request.like, ctx);
  const scratch = mkdtempSync(join(tmpdir(), 'bps-plan-'));
  try {
    const overrides = { ...request.overrides, submitPath: join(scratch, 'submit') };
    const prepared = await prepareSubmission({ configPath: request.configPath, overrides, stage: 'transform', ...(request.observer ? { observer: request.observer } : {}) }, ctx);
    const built = prepared.built;
    if (!built) throw new Error('prepareSubmission built no workflow');
    const { jobs, sources } = planJobs(built.workflow, built.clustered, prepared.config, history);
    const plugin = executorPlugin(prepared.config.site.executor);
    const model = await plugin.plan(prepared.config.site.settings as never, { env: definedEnv(ctx.env), probe: probeCommand });
    const schedule = simulate(jobs, model.capacity);
    const submitted = model.submissions(jobs, schedule);
    const known = sources.every((s) => s !== 'unknown');
    const path = criticalPath(jobs);
    const labels = labelRows(built.workflow, jobs, sources);
    return {
      config: request.configPath,
      site: { name: prepared.config.site.name, executor: prepared.config.site.executor },
      like: request.like ?? null,
      quanta: built.clustered.graph.size,
      jobs: jobs.count,
      clusters: built.clustered.size,
      labels,
      coreHours: known ? labels.reduce((sum, l) => sum + (l.coreHours ?? 0), 0) : null,
      criticalPath: { jobs: path.jobs, seconds: known ? path.seconds : null },
      makespanSeconds: known ? schedule.makespanSec : null,
      peakJobs: schedule.peakRunning,
      submissions: submitted.lines,
      allocations: submitted.allocations
        ? { ...submitted.allocations, seconds: Number.isFinite(submitted.allocations.seconds) ? submitted.allocations.seconds : null, nodeHours: known ? submitted.allocations.nodeHours : null }
        : null,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Each job label's mean succeeded run time in an earlier run (seconds). */
function learnedRunTimes(run: string, ctx: AppContext): ReadonlyMap<string, number> {
  const db = openRun(findRunDir(run, ctx), { readonly: true });
  try {
    return new Map([...db.succeededRunTimes()].filter(([, t]) => t.count > 0).map(([label, t]) => [label, t.total / t.count]));
  } finally {
    db.close();
  }
}

/**
 * A cluster's run time from an earlier run whose jobs were labelled by task (unclustered, or clustered
 * otherwise): the sum of its quanta's task means, as a cluster runs its quanta one after another; unknown
 * when one of its tasks has no succeeded run there.
 */
function fromTaskLabels(tasks: ReadonlyArray<readonly [string, number]>, history: ReadonlyMap<string, number>): number | undefined {
  if (tasks.length === 0) return undefined;
  let sum = 0;
  for (const [task, quanta] of tasks) {
    const mean = history.get(task);
    if (mean === undefined) return undefined;
    sum += mean * quanta;
  }
  return sum;
}

/**
 * The jobs as the simulation reads them, with the run time assumed for each and where it came from (per
 * label). The final job of `whenRun: ALWAYS` has no edges in the DAG, but starts after every other job
 * has settled: it gets every sink as a parent here.
 */
function planJobs(workflow: Workflow, clustered: ClusteredQuantumGraph, config: RunConfig, history: ReadonlyMap<string, number> | undefined): { jobs: PlanJobs; sources: DurationSource[] } {
  const n = workflow.jobs.length;
  const cpus = new Uint16Array(n);
  const memoryMiB = new Float64Array(n);
  const walltimeSec = new Float64Array(n).fill(Number.NaN);
  const durationSec = new Float64Array(n).fill(Number.NaN);
  const labelIndex = new Map(workflow.labels.map((label, i) => [label, i]));
  const sources: DurationSource[] = workflow.labels.map(() => 'unknown');
  const unknown = new Set<number>();
  workflow.jobs.forEach((job, j) => {
    const spec = workflow.labelSpecs.get(job.label);
    if (!spec) throw new Error(`no settings for label '${job.label}'`);
    const size = jobSize(job, spec, clustered.graph, config);
    cpus[j] = spec.resources.requestCpus;
    memoryMiB[j] = size.memoryMiB;
    if (size.walltimeSec !== undefined) walltimeSec[j] = size.walltimeSec;
    const learned = history === undefined ? undefined : history.get(job.label) ?? fromTaskLabels(size.tasks, history);
    const l = labelIndex.get(job.label) as number;
    if (learned !== undefined) (durationSec[j] = learned, (sources[l] = 'history'));
    else if (size.walltimeSec !== undefined) (durationSec[j] = size.walltimeSec, (sources[l] = sources[l] === 'history' ? 'history' : 'requestWalltime'));
    else unknown.add(l);
  });
  // One job of a label with no run time leaves the label's (and the run's) totals unknown.
  for (const l of unknown) sources[l] = 'unknown';
  return { jobs: { count: n, cpus, memoryMiB, walltimeSec, durationSec, ...edgesOf(workflow) }, sources };
}

/** The DAG's edges, with the sinks before a `whenRun: ALWAYS` final job (which has no edges of its own). */
function edgesOf(workflow: Workflow): { edgeFrom: Uint32Array; edgeTo: Uint32Array } {
  const final = workflow.finalJob;
  if (!final || final.whenRun !== 'ALWAYS') return { edgeFrom: workflow.edgeFrom, edgeTo: workflow.edgeTo };
  const hasChild = new Uint8Array(workflow.jobs.length);
  for (const f of workflow.edgeFrom) hasChild[f] = 1;
  const sinks: number[] = [];
  hasChild.forEach((flag, j) => flag === 0 && j !== final.index && sinks.push(j));
  const m = workflow.edgeFrom.length;
  const edgeFrom = new Uint32Array(m + sinks.length);
  const edgeTo = new Uint32Array(m + sinks.length).fill(final.index);
  edgeFrom.set(workflow.edgeFrom);
  edgeFrom.set(sinks, m);
  edgeTo.set(workflow.edgeTo);
  return { edgeFrom, edgeTo };
}

function labelRows(workflow: Workflow, jobs: PlanJobs, sources: readonly DurationSource[]): PlanLabel[] {
  const rows = workflow.labels.map((label) => ({ label, jobs: 0, quanta: 0, cpus: workflow.labelSpecs.get(label)?.resources.requestCpus ?? 1, memoryMiB: 0, seconds: 0, coreSeconds: 0 }));
  const index = new Map(workflow.labels.map((label, i) => [label, i]));
  workflow.jobs.forEach((job, j) => {
    const row = rows[index.get(job.label) as number];
    if (!row) return;
    const seconds = jobs.durationSec[j] as number;
    row.jobs += 1;
    row.quanta += job.quanta.length;
    row.memoryMiB = Math.max(row.memoryMiB, jobs.memoryMiB[j] as number);
    row.seconds += Number.isNaN(seconds) ? 0 : seconds;
    row.coreSeconds += Number.isNaN(seconds) ? 0 : seconds * (jobs.cpus[j] as number);
  });
  return rows.map((row, i) => {
    const known = sources[i] !== 'unknown';
    return {
      label: row.label, jobs: row.jobs, quanta: row.quanta, cpus: row.cpus, memoryMiB: row.memoryMiB,
      secondsPerJob: known && row.jobs > 0 ? row.seconds / row.jobs : null, source: sources[i] ?? 'unknown', coreHours: known ? row.coreSeconds / 3600 : null,
    };
  });
}
