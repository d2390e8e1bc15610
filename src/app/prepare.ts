import { copyFileSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { ClusteredQuantumGraph } from '../cluster/index.js';
import type { QuantumGraph } from '../qgraph/types.js';
import type { RunObserver } from '../report/run-observer.js';
import type { SubmissionSummary } from '../report/submission-summary.js';
import type { Workflow } from '../workflow/types.js';
import { acquireQuantumGraph } from './acquire-graph.js';
import type { AppContext } from './context.js';
import { loadRunConfig, type RunConfig } from './run-config.js';
import { unusedLabelWarning } from './unused-labels.js';
import { claimSubmitDir, releaseSubmitDir, submitDirTaken } from './submit-dir.js';
import { transformToWorkflow } from './transform.js';

export type SubmissionStage = 'cluster' | 'transform' | 'prepare' | 'submit';

export interface SubmissionRequest {
  readonly configPath: string;
  readonly overrides: Readonly<Record<string, string>>;
  readonly stage: SubmissionStage;
  /** Told of the run folder, the run, and graph generation's output as they come. */
  readonly observer?: RunObserver;
}

/** A submission built up to its clusters, its job DAG, or (from `prepare` on) its state file. */
export interface PreparedSubmission {
  readonly summary: SubmissionSummary;
  readonly config: RunConfig;
  readonly submitDir: string;
  /** The clustered graph and the job DAG, from `transform` on (`bps plan` simulates them). */
  readonly built?: { readonly clustered: ClusteredQuantumGraph; readonly workflow: Workflow };
}

/**
 * The submission stages shared by cluster, transform, prepare and submit (ctrl_bps drivers.py): resolve the
 * config, create the run folder (never reusing one), build or read the QuantumGraph, cluster it, transform
 * the clusters into the job DAG; from `prepare` on, also write the run's state (bps.sqlite) and index it.
 */
export async function prepareSubmission(request: SubmissionRequest, ctx: AppContext): Promise<PreparedSubmission> {
  const configPath = resolve(ctx.cwd, request.configPath);
  if (!existsSync(configPath)) throw new ConfigError(`Config file '${request.configPath}' does not exist.`, { hint: 'Check the path given to bps.' });
  if (statSync(configPath).isDirectory()) throw new ConfigError(`Config file '${request.configPath}' is a folder, not a YAML file.`, { hint: 'Give the bps YAML config to run.' });
  const config = claimRunFolder(loadRunConfig({ path: configPath, overrides: request.overrides, ctx }), (now) => loadRunConfig({ path: configPath, overrides: request.overrides, ctx, now, quiet: true }), ctx);
  const submitDir = config.submitDir;
  try {
    request.observer?.submitDir?.(submitDir);
    writeConfigCopies(config, configPath, submitDir);
    const { graph, graphId } = await acquireQuantumGraph(config, submitDir, ctx, (line) => request.observer?.commandOutput?.(line));
    const unused = unusedLabelWarning(config.bps, graph.labels);
    if (unused) ctx.logger.warn(unused);
    const clustered = config.clustering.cluster(graph);
    ctx.logger.info(`ClusteredQuantumGraph contains ${clustered.size} cluster(s)`);
    if (request.stage === 'cluster') return { summary: summarizeClusters(config, submitDir, clustered), config, submitDir };
    const workflow = transformToWorkflow(clustered, config, graphId);
    ctx.logger.info(`GenericWorkflow contains ${workflow.jobs.length} job(s) (including final)`);
    if (request.stage !== 'transform') {
      const { createRun } = await import('./create-run.js');
      createRun({ config, clustered, workflow, submitDir, ctx });
    }
    return { summary: summarize(config, submitDir, graph, workflow), config, submitDir, built: { clustered, workflow } };
  } finally {
    // Done or failed, the folder is no longer being built: a failed one may be reused by the next submission.
    releaseSubmitDir(submitDir);
  }
}

/**
 * Claims the submission's run folder. A folder that holds a run or a live submission is never reused
 * (ctrl_bps: "directory already exists"; `bps restart` is the way back into a run): when the run name
 * moves on with {timestamp}, the next second's name is taken instead (two submissions in one second).
 */
function claimRunFolder(config: RunConfig, reload: (now: Date) => RunConfig, ctx: AppContext): RunConfig {
  let current = config;
  for (let second = 1; ; second += 1) {
    const claim = claimSubmitDir(current.submitDir, current.userQgraphFile ? [current.qgraphFile] : []);
    if (claim.kind === 'claimed') {
      if (claim.replaced) ctx.logger.info(`Reusing ${claim.submitDir}, which an earlier submission left without a run (a transform, or a failure)`);
      return current;
    }
    const next = second <= 30 ? reload(new Date(ctx.now().getTime() + second * 1000)) : current;
    if (next.submitDir === current.submitDir) throw submitDirTaken(claim.submitDir, claim.holder);
    current = next;
  }
}

function writeConfigCopies(config: RunConfig, configPath: string, submitDir: string): void {
  copyFileSync(configPath, join(submitDir, basename(configPath)));
  writeFileSync(join(submitDir, `${config.uniqProcName}_config.yaml`), config.toYaml(), { mode: 0o644 });
}

/** `bps cluster`: clusters and quanta per cluster label, with the task labels each holds. */
function summarizeClusters(config: RunConfig, submitDir: string, clustered: ClusteredQuantumGraph): SubmissionSummary {
  const clusters = new Uint32Array(clustered.labels.length);
  for (const label of clustered.labelOf) clusters[label] = (clusters[label] as number) + 1;
  return {
    submitDir,
    runName: config.outputRun,
    uniqProcName: config.uniqProcName,
    quanta: clustered.graph.size,
    tasks: clustered.graph.labels.length,
    unit: 'clusters',
    jobCounts: clustered.labelInfo.map((info, i) => ({ label: info.label, jobs: clusters[i] as number, quanta: info.quantaCounts.reduce((a, b) => a + b, 0), tasks: info.taskLabels })),
  };
}

function summarize(config: RunConfig, submitDir: string, graph: QuantumGraph, workflow: Workflow): SubmissionSummary {
  const counts = new Map<string, { jobs: number; quanta: number }>(workflow.labels.map((label) => [label, { jobs: 0, quanta: 0 }]));
  for (const job of workflow.jobs) {
    const row = counts.get(job.label);
    if (row) {
      row.jobs += 1;
      row.quanta += job.quanta.length;
    }
  }
  return {
    submitDir,
    runName: config.outputRun,
    uniqProcName: config.uniqProcName,
    quanta: graph.size,
    tasks: graph.labels.length,
    unit: 'jobs',
    jobCounts: [...counts].map(([label, row]) => ({ label, ...row })),
  };
}
