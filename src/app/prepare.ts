import { copyFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { ClusteredQuantumGraph } from '../cluster/index.js';
import type { QuantumGraph } from '../qgraph/types.js';
import type { RunObserver } from '../report/run-observer.js';
import type { SubmissionSummary } from '../report/submission-summary.js';
import type { Workflow } from '../workflow/types.js';
import { acquireQuantumGraph } from './acquire-graph.js';
import type { AppContext } from './context.js';
import { loadRunConfig, type RunConfig } from './run-config.js';
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
  const config = loadRunConfig({ path: configPath, overrides: request.overrides, ctx });
  const submitDir = createSubmitDir(config);
  request.observer?.submitDir?.(submitDir);
  writeConfigCopies(config, configPath, submitDir);
  const graph = await acquireQuantumGraph(config, submitDir, ctx, (line) => request.observer?.commandOutput?.(line));
  const clustered = config.clustering.cluster(graph);
  ctx.logger.info(`ClusteredQuantumGraph contains ${clustered.size} cluster(s)`);
  if (request.stage === 'cluster') return { summary: summarizeClusters(config, submitDir, clustered), config, submitDir };
  const workflow = transformToWorkflow(clustered, config);
  ctx.logger.info(`GenericWorkflow contains ${workflow.jobs.length} job(s) (including final)`);
  if (request.stage !== 'transform') {
    const { createRun } = await import('./create-run.js');
    createRun({ config, clustered, workflow, submitDir, ctx });
  }
  return { summary: summarize(config, submitDir, graph, workflow), config, submitDir };
}

/**
 * Makes `submitPath`. An existing folder is refused (ctrl_bps: "directory already exists"): reusing one
 * would mix two runs' logs and state; `bps restart` is the way back into a run.
 */
function createSubmitDir(config: RunConfig): string {
  const submitDir = config.submitDir;
  if (!isAbsolute(submitDir)) throw new ConfigError(`submitPath '${submitDir}' is not an absolute path.`);
  if (existsSync(submitDir)) {
    throw new ConfigError(`Submit directory '${submitDir}' already exists.`, {
      hint: `To resume that run use 'bps restart ${submitDir}'; for a new run choose another outputRun (the default one includes {timestamp}).`,
    });
  }
  try {
    mkdirSync(dirname(submitDir), { recursive: true, mode: 0o755 });
    mkdirSync(submitDir, { mode: 0o755 });
    for (const sub of ['logging', 'jobs']) mkdirSync(join(submitDir, sub), { mode: 0o755 });
  } catch (error) {
    const { code } = error as { code?: string };
    throw new ConfigError(`Cannot create submit directory '${submitDir}' (${code ?? (error as Error).message}).`, {
      hint: 'Check that submitPath points at a folder you can write to (a read-only or full file system gives this).',
      cause: error,
    });
  }
  return submitDir;
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
