/**
 * The clustering a submission asks for (docs/CONFIG.md, "Clustering"): `clusterAlgorithm`, the
 * `cluster.<label>` sections and the naming keys resolved once, before anything is made, plus the job
 * settings and sizes of cluster labels.
 */
import { clusteringAlgorithm, type ClusteredQuantumGraph, type ClusteringAlgorithm, type ClusterNaming } from '../cluster/index.js';
import type { BpsConfig } from '../config/bps-config.js';
import { sizeOfJob } from '../config/cluster-settings.js';
import { formatWithSpec } from '../config/format-spec.js';
import { labelSearchOptions } from '../config/job-settings.js';
import type { ClusterSpec } from '../model/cluster-spec.js';
import type { QuantumGraph } from '../qgraph/types.js';

export interface Clustering {
  /** The `clusterAlgorithm` value as given. */
  readonly algorithmName: string;
  readonly specs: readonly ClusterSpec[];
  /** Groups the graph into clusters (one job each). */
  cluster(graph: QuantumGraph): ClusteredQuantumGraph;
  /** Whether jobs of `label` are clusters of a `cluster.<label>` section (else one quantum of task `label` each). */
  isClusterLabel(label: string): boolean;
  /**
   * One job's memory and wall time requests from the quanta it holds per task label: a cluster takes the
   * largest memory and the sum of wall times (ctrl_bps), unless its section sets them.
   */
  jobSize(label: string, tasks: ReadonlyArray<readonly [string, number]>): { memoryMiB: number; walltimeSec: number | undefined };
}

/** Reads and checks the clustering keys; an unknown algorithm or a bad section is a ConfigError now. */
export function resolveClustering(bps: BpsConfig): Clustering {
  const { algorithm: algorithmName, specs } = bps.clustering();
  const algorithm: ClusteringAlgorithm = clusteringAlgorithm(algorithmName);
  const clusterLabels = new Map(specs.map((spec) => [spec.label, spec]));
  const naming: ClusterNaming = {
    // Per task label, as ctrl_bps looks them up (curr_pipetask); {dimension}s stay for each quantum.
    templateDataId: (task) => optionalText(bps, 'templateDataId', task),
    useNodeIdInClusterName: (task) => bps.search('useNodeIdInClusterName', { ...labelSearchOptions(task), default: true }) !== false,
    formatValue: (value, spec) => formatWithSpec(value, spec),
  };
  let tasksOf: ReadonlyMap<string, readonly string[]> = new Map();
  return {
    algorithmName,
    specs,
    cluster(graph) {
      const clustered = algorithm(graph, specs, naming);
      tasksOf = new Map(clustered.labelInfo.map((info) => [info.label, info.taskLabels]));
      return clustered;
    },
    isClusterLabel: (label) => clusterLabels.has(label),
    jobSize(label, tasks) {
      if (!clusterLabels.has(label)) {
        const { resources } = bps.jobSettingsFor(label);
        return { memoryMiB: resources.requestMemory, walltimeSec: resources.requestWalltime };
      }
      return sizeOfJob(bps.clusterJobSettings(label, tasksOf.get(label) ?? tasks.map(([task]) => task)), tasks);
    },
  };
}

function optionalText(bps: BpsConfig, key: string, task: string): string | undefined {
  const value = bps.search(key, { ...labelSearchOptions(task), replaceVars: false });
  if (value === undefined || value === null || value === '') return undefined;
  return String(value);
}
