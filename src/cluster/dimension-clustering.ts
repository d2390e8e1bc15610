import { compileTemplate, templateFields } from '../qgraph/data-id-template.js';
import type { DataIdValue, QuantumGraph } from '../qgraph/types.js';
import { ClusterBuilder } from './cluster-builder.js';
import { planClusters, type PlannedLabel } from './cluster-plan.js';
import { dependencyOrder, Neighbours } from './dependency-order.js';
import { DimensionValues } from './dimension-values.js';
import { quantaByLabel, quantaOfLabel, type QuantaByLabel } from './label-index.js';
import { partitionIds, partitionSuffix } from './partition.js';
import { addSingleQuantumClusters, singleQuantumLabel } from './single-quantum.js';
import type { ClusteredQuantumGraph, ClusterLabelInfo, ClusterNaming, ClusterSpec } from './types.js';

/**
 * ctrl_bps's dimension_clustering: the quanta of each `cluster.<label>` spec's pipetasks grouped by
 * their values of the spec's dimensions (see {@link ClusterSpec}), the other task labels clustered one
 * quantum per cluster (named by {@link ClusterNaming}). Cluster labels are processed in dependency
 * order; cluster edges are the quantum edges between different clusters.
 *
 * Cost: one pass over each clustered label's quanta with a few Map lookups per quantum (cluster names
 * are made once per distinct set of dimension values), then one pass over the edges.
 */
export function dimensionClustering(graph: QuantumGraph, specs: readonly ClusterSpec[], naming: ClusterNaming): ClusteredQuantumGraph {
  const plan = planClusters(graph, specs);
  const byLabel = quantaByLabel(graph);
  const builder = new ClusterBuilder(graph);
  const neighbours = new Neighbours(graph);
  const labelInfo: ClusterLabelInfo[] = [];
  const resolvers: Array<DimensionValues | undefined> = [];
  plan.forEach((planned, labelIndex) => {
    const counts = planned.tasks.map((task) => quantaOfLabel(byLabel, task).length);
    if (planned.spec === undefined) {
      addSingleQuantumClusters(graph, byLabel, builder, naming, planned.tasks[0] as number, labelIndex);
      labelInfo.push(singleQuantumLabel(graph, planned.tasks[0] as number, counts[0] as number));
      resolvers.push(undefined);
      return;
    }
    const values = new DimensionValues(graph, planned.spec);
    addDimensionClusters({ graph, byLabel, builder, planned, spec: planned.spec, labelIndex, values, naming, neighbours });
    const taskLabels = planned.tasks.map((task) => graph.labels[task] as string);
    labelInfo.push({ label: planned.label, taskLabels, quantaCounts: counts, dimensions: planned.spec.dimensions ?? [], singleQuantum: false });
    resolvers.push(values);
  });
  return builder.finish(labelInfo, (label, q) => resolvers[label]?.tags(q) ?? graph.dataId(q));
}

interface LabelJob {
  readonly graph: QuantumGraph;
  readonly byLabel: QuantaByLabel;
  readonly builder: ClusterBuilder;
  readonly planned: PlannedLabel;
  readonly spec: ClusterSpec;
  readonly labelIndex: number;
  readonly values: DimensionValues;
  readonly naming: ClusterNaming;
  readonly neighbours: Neighbours;
}

/**
 * One spec's clusters, made as ctrl_bps's add_dim_clusters(_dependency) and make_and_add_clusters do:
 * every quantum's cluster name from its values; then partition numbers; then the clusters, in order of
 * first appearance of their (unpartitioned) name, each with its quanta in the order they were met.
 */
function addDimensionClusters(job: LabelJob): void {
  const { graph, spec, values } = job;
  const order = spec.findDependencyMethod !== undefined
    ? dependencyOrder(graph, job.byLabel, job.planned.tasks, spec, job.neighbours)
    : concat(job.planned.tasks.map((task) => quantaOfLabel(job.byLabel, task)));
  const naming = clusterNamer(job);
  const partitioned = (spec.partitionDimensions ?? []).length > 0;
  const clusterDims = (spec.dimensions ?? []).length;
  const nameOf = new Uint32Array(order.length);
  const partitionOf = new Uint32Array(order.length);
  const partitionKeys = new Map<string, number>();
  const row: DataIdValue[] = [];
  for (let i = 0; i < order.length; i += 1) {
    const q = order[i] as number;
    values.resolve(q, row);
    nameOf[i] = naming.nameOf(q, row);
    if (!partitioned) continue;
    const key = row.slice(clusterDims).join('==');
    let id = partitionKeys.get(key);
    if (id === undefined) partitionKeys.set(key, (id = partitionKeys.size));
    partitionOf[i] = id;
  }
  const suffixes: string[] = [];
  if (partitioned && order.length > 0) {
    const ids = partitionIds(spec, [...partitionKeys.keys()], naming.names.length);
    for (const [key, at] of partitionKeys) suffixes[at] = partitionSuffix(ids.get(key) as number);
  }
  for (const i of stableOrderBy(nameOf, naming.names.length)) {
    const name = (naming.names[nameOf[i] as number] as string) + (partitioned ? (suffixes[partitionOf[i] as number] as string) : '');
    job.builder.add(job.builder.cluster(name, job.labelIndex, spec.label, true), order[i] as number);
  }
}

/**
 * Cluster names before partitioning, numbered in order of first appearance. A name is made once per
 * distinct set of values (and quantum or task, when the template uses `node_number` or `node_label`):
 * ctrl_bps's template filled with missing fields as "", runs of `_` collapsed, `/` turned into `_`.
 * Two sets of values giving the same name share it, as quanta sharing a name share a cluster.
 */
function clusterNamer(job: LabelJob) {
  const { graph, spec, values } = job;
  const dims = spec.dimensions ?? [];
  const template = spec.clusterTemplate ?? (dims.length > 0 ? `${spec.label}_${dims.map((d) => `{${d}}`).join('_')}` : spec.label);
  const fields = templateFields(template);
  const [byNode, byTask] = [fields.has('node_number'), fields.has('node_label')];
  const fill = compileTemplate(template, job.naming.formatValue);
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const byKey = new Map<string, number>();
  return {
    names,
    nameOf(q: number, row: readonly DataIdValue[]): number {
      let key = row.join('\u0000');
      if (byNode) key += `\u0001${q}`;
      if (byTask) key += `\u0002${graph.labelOf[q]}`;
      const known = byKey.get(key);
      if (known !== undefined) return known;
      const lookup = (field: string): DataIdValue | undefined => {
        const at = values.names.indexOf(field);
        if (at >= 0) return row[at];
        if (field === 'node_number') return graph.id(q);
        if (field === 'node_label') return graph.labels[graph.labelOf[q] as number];
        return field === 'label' ? spec.label : undefined;
      };
      const name = fill(lookup).replace(/_+/g, '_').replace(/\//g, '_');
      let index = nameIndex.get(name);
      if (index === undefined) nameIndex.set(name, (index = names.push(name) - 1));
      byKey.set(key, index);
      return index;
    },
  };
}

/** Positions 0…n−1 sorted by `keys` (values below `keyCount`), ties in position order: a counting sort. */
function stableOrderBy(keys: Uint32Array, keyCount: number): Uint32Array {
  const start = new Uint32Array(keyCount + 1);
  for (const key of keys) start[key + 1] += 1;
  for (let k = 0; k < keyCount; k += 1) start[k + 1] += start[k] as number;
  const positions = new Uint32Array(keys.length);
  for (let i = 0; i < keys.length; i += 1) positions[start[keys[i] as number]++] = i;
  return positions;
}

function concat(parts: readonly Uint32Array[]): Uint32Array {
  const all = new Uint32Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) (all.set(part, at), (at += part.length));
  return all;
}
