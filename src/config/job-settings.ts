import { ConfigError } from '../errors.js';
import { INIT_LABEL, type JobResources, type RetryPolicy } from '../model/job-spec.js';
import { resolveEnvironment } from './environment.js';
import { readCommand } from './commands.js';
import { readResources, readRetryPolicy } from './job-resources.js';
import type { ConfigResolver, SearchOptions } from './resolver.js';


/** The settings shared by all jobs of one label, resolved once per label. */
export interface JobSettings {
  /** requestCpus, requestMemory (MiB), requestWalltime (s), requestDisk (MiB), checked. */
  readonly resources: JobResources;
  /** numberOfRetries, retryUnlessExit, memoryMultiplier, memoryLimit, checked. */
  readonly retry: RetryPolicy;
  /**
   * The job command, raw: `{var}`s resolved for the label except {@link PER_JOB_VARIABLES}, which stay as
   * `{qgraphNodeId}` / `{jobName}`; `${ENV}` kept for the execute side (only `${PWD}` is expanded).
   */
  readonly runQuantumCommand: string;
  /** The label's `environment` map, resolved (see environment.ts). */
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * The search options of a task label's lookups. ctrl_bps sets curr_pipetask to the task label and
 * curr_cluster to the cluster label of the job (the task label itself when it is not clustered).
 */
export function labelSearchOptions(label: string, clusterLabel = label): SearchOptions {
  return { curvals: { curr_pipetask: label, curr_cluster: clusterLabel, jobLabel: clusterLabel } };
}

/**
 * Settings of the jobs of one task label (or `pipetaskInit`) under the full search order, type-checked:
 * a wrong value is a ConfigError naming the key, the label and where the value was set.
 */
export function jobSettingsFor(config: ConfigResolver, label: string, clusterLabel = label): JobSettings {
  const options = labelSearchOptions(label, clusterLabel);
  const init = label === INIT_LABEL;
  const runQuantumCommand = readCommand(config, 'runQuantumCommand', options, label, init ? 'init' : 'payload');
  if (!init && !runQuantumCommand.includes('{qgraphNodeId}')) {
    // 2020-21 configs relied on one graph file per job (whenSaveJobQgraph); bps-ts makes none, so such a
    // command would run every quantum of the graph in every job.
    const hit = config.locate('runQuantumCommand', options);
    throw new ConfigError(`The payload jobs' command (${hit ? config.describe(hit.path) : 'runQuantumCommand'}) has no {qgraphNodeId}: every job would run the whole QuantumGraph.`, {
      hint: 'Add --qgraph-node-id {qgraphNodeId}, as ctrl_bps\'s default runQuantumCommand does (bps-ts makes no per-job graph files).',
    });
  }
  return {
    resources: readResources(config, options, label),
    retry: readRetryPolicy(config, options, label),
    runQuantumCommand,
    environment: resolveEnvironment(config, options),
  };
}
