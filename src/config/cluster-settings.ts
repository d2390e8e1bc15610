/**
 * The job settings of a cluster label, from its task labels' settings, by ctrl_bps's rules
 * (transform.py; docs/CONFIG.md, "Clustering"):
 * - a value set in the `cluster.<label>` section itself is the jobs' value;
 * - otherwise each quantum's task label gives its value, looked up with the cluster label current (so
 *   `cluster.<label>` comes before `pipetask.<task>` in the search order), and a job takes the maximum of
 *   requestCpus, requestMemory, numberOfRetries, memoryMultiplier and memoryLimit, the sum of
 *   requestWalltime and requestDisk over its quanta, and every other setting must be the same for all.
 * A cluster's sums depend on how many quanta of each task it holds, so they are made per job
 * ({@link sizeOfJob}); everything else holds for every job of the label.
 */
import { ConfigError } from '../errors.js';
import { isMapping, type ConfigNode } from './config-node.js';
import { jobSettingsFor, type JobSettings } from './job-settings.js';
import type { ConfigResolver } from './resolver.js';

/** What one quantum of a task label brings to its job's size. */
export interface QuantumSize {
  readonly requestMemory: number;
  readonly requestWalltime: number | undefined;
  readonly requestDisk: number | undefined;
}

export interface ClusterJobSettings {
  /** Settings shared by every job of the label; `requestWalltime` and `requestDisk` are only the section's own, if any. */
  readonly settings: JobSettings;
  /** Per task label of the cluster label: what each of its quanta adds. */
  readonly perTask: ReadonlyMap<string, QuantumSize>;
  /** Size keys set in the cluster section itself: not aggregated. */
  readonly fixed: Readonly<Partial<Record<'requestMemory' | 'requestWalltime' | 'requestDisk', number>>>;
}

/** Settings every quantum of a cluster must agree on (ctrl_bps: "Inconsistent value for <attr> in cluster"). */
const UNIVERSAL = ['runQuantumCommand', 'environment', 'retryUnlessExit'] as const;

export function clusterJobSettings(config: ConfigResolver, clusterLabel: string, taskLabels: readonly string[]): ClusterJobSettings {
  const perTaskSettings = taskLabels.map((task) => [task, jobSettingsFor(config, task, clusterLabel)] as const);
  const [first] = perTaskSettings;
  if (!first) throw new ConfigError(`Cluster label '${clusterLabel}' holds no task label of the graph.`);
  for (const [task, settings] of perTaskSettings.slice(1)) {
    for (const key of UNIVERSAL) {
      const [a, b] = [universal(first[1], key), universal(settings, key)];
      if (a !== b) {
        throw new ConfigError(`Inconsistent value for ${key} in cluster ${clusterLabel}: task ${first[0]} has ${a}, task ${task} has ${b}.`, {
          hint: `Set ${key} once for the cluster (cluster.${clusterLabel}.${key}), or the same for every task it holds.`,
        });
      }
    }
  }
  const section = sectionOf(config, clusterLabel);
  const fixed: Record<string, number> = {};
  for (const key of ['requestMemory', 'requestWalltime', 'requestDisk'] as const) {
    const value = first[1].resources[key];
    if (Object.hasOwn(section, key) && value !== undefined) fixed[key] = value;
  }
  const max = (pick: (s: JobSettings) => number) => Math.max(...perTaskSettings.map(([, s]) => pick(s)));
  const base = first[1];
  const settings: JobSettings = {
    ...base,
    resources: {
      requestCpus: max((s) => s.resources.requestCpus),
      requestMemory: fixed['requestMemory'] ?? max((s) => s.resources.requestMemory),
      requestWalltime: fixed['requestWalltime'],
      requestDisk: fixed['requestDisk'],
    },
    retry: {
      ...base.retry,
      numberOfRetries: max((s) => s.retry.numberOfRetries),
      memoryMultiplier: max((s) => s.retry.memoryMultiplier),
      memoryLimit: max((s) => s.retry.memoryLimit),
      // One of the cluster's tasks learning is enough: the job's size is the largest of its tasks' anyway.
      learnResources: perTaskSettings.some(([, s]) => s.retry.learnResources === true),
    },
  };
  const perTask = new Map(perTaskSettings.map(([task, s]) => [task, { requestMemory: s.resources.requestMemory, requestWalltime: s.resources.requestWalltime, requestDisk: s.resources.requestDisk }]));
  return { settings, perTask, fixed };
}

/**
 * One job's own size from the quanta it holds: the maximum memory of its tasks, the sum of their wall
 * times (undefined when none of them asks for one), unless the cluster section fixes them.
 */
export function sizeOfJob(cluster: ClusterJobSettings, quanta: Iterable<readonly [string, number]>): { memoryMiB: number; walltimeSec: number | undefined } {
  let memory = 0;
  let walltime: number | undefined;
  for (const [task, count] of quanta) {
    const size = cluster.perTask.get(task);
    if (!size) continue;
    memory = Math.max(memory, size.requestMemory);
    if (size.requestWalltime !== undefined) walltime = (walltime ?? 0) + count * size.requestWalltime;
  }
  return {
    memoryMiB: cluster.fixed.requestMemory ?? (memory || cluster.settings.resources.requestMemory),
    walltimeSec: cluster.fixed.requestWalltime ?? walltime,
  };
}

function universal(settings: JobSettings, key: (typeof UNIVERSAL)[number]): string {
  if (key === 'runQuantumCommand') return settings.runQuantumCommand;
  if (key === 'environment') return JSON.stringify(Object.entries(settings.environment).sort());
  return JSON.stringify([...settings.retry.retryUnlessExit].sort((a, b) => a - b));
}

function sectionOf(config: ConfigResolver, clusterLabel: string): ConfigNode {
  const clusters = config.data['cluster'];
  const section = isMapping(clusters) ? clusters[clusterLabel] : undefined;
  return isMapping(section) ? section : {};
}
