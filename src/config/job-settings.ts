import { INIT_LABEL, PER_JOB_VARIABLES, type JobResources, type RetryPolicy } from '../model/job-spec.js';
import { resolveEnvironment } from './environment.js';
import { readCommand, readResources, readRetryPolicy } from './job-resources.js';
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
  const runQuantumCommand = readCommand(config, 'runQuantumCommand', options, label, PER_JOB_VARIABLES);
  if (label !== INIT_LABEL && !runQuantumCommand.includes('{qgraphNodeId}')) {
    // gen3_workflow appended the node ids itself; here such a command would run the whole graph in every job.
    config.warn(`runQuantumCommand for label '${label}' has no {qgraphNodeId}: every job of that label would run all of its quanta. Add --qgraph-node-id {qgraphNodeId}.`);
  }
  return {
    resources: readResources(config, options, label),
    retry: readRetryPolicy(config, options, label),
    runQuantumCommand,
    environment: resolveEnvironment(config, options),
  };
}
