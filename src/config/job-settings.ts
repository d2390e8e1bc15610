import type { JobResources, RetryPolicy } from '../workflow/types.js';
import { resolveEnvironment } from './environment.js';
import { readCommand, readResources, readRetryPolicy } from './job-resources.js';
import type { ConfigResolver, SearchOptions } from './resolver.js';

/** Values that stay `{name}` in job commands until a job is launched (they differ per job, not per label). */
export const PER_JOB_NAMES = ['qgraphNodeId', 'jobName'] as const;

/** The label of the init job (ctrl_bps's pipetaskInit), whose command takes no quantum ids. */
export const INIT_LABEL = 'pipetaskInit';

/** The settings shared by all jobs of one label, resolved once per label. */
export interface JobSettings {
  /** requestCpus, requestMemory (MiB), requestWalltime (s), requestDisk (MiB), checked. */
  readonly resources: JobResources;
  /** numberOfRetries, retryUnlessExit, memoryMultiplier, memoryLimit, checked. */
  readonly retry: RetryPolicy;
  /**
   * The job command, raw: `{var}`s resolved for the label except {@link PER_JOB_NAMES}, which stay as
   * `{qgraphNodeId}` / `{jobName}`; `${ENV}` kept for the execute side (only `${PWD}` is expanded).
   */
  readonly runQuantumCommand: string;
  /** The label's `environment` map, resolved (see environment.ts). */
  readonly environment: Readonly<Record<string, string>>;
}

/** The search options of a label's lookups: ctrl_bps sets both curr_pipetask and curr_cluster to the job's label. */
export function labelSearchOptions(label: string): SearchOptions {
  return { curvals: { curr_pipetask: label, curr_cluster: label, jobLabel: label } };
}

/**
 * Settings of the jobs of one task label (or `pipetaskInit`) under the full search order, type-checked:
 * a wrong value is a ConfigError naming the key, the label and where the value was set.
 */
export function jobSettingsFor(config: ConfigResolver, label: string): JobSettings {
  const options = labelSearchOptions(label);
  const runQuantumCommand = readCommand(config, 'runQuantumCommand', options, label, PER_JOB_NAMES);
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
