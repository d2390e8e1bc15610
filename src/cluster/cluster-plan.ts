import { ConfigError } from '../errors.js';
import { labelChildren, orderByIndex } from '../qgraph/graph-builder.js';
import type { QuantumGraph } from '../qgraph/types.js';
import type { ClusterSpec } from './types.js';

/** One cluster label as the plan has it: its spec (undefined for a task clustered one quantum per cluster) and task labels. */
export interface PlannedLabel {
  readonly label: string;
  readonly spec: ClusterSpec | undefined;
  /** Indices into `graph.labels`, ascending (pipeline order). */
  readonly tasks: readonly number[];
}

/**
 * ctrl_bps's check_clustering_config on our graph: which task labels each cluster label holds, and the
 * cluster labels in dependency order. Every task label with quanta and no cluster definition becomes a
 * cluster label of its own. Errors (ConfigError, as ctrl_bps raises them):
 * - a task label (present in the graph) in two cluster definitions;
 * - cluster labels depending on each other in a cycle (named in the message).
 *
 * The label graph is the one the QuantumGraph's edges imply: ctrl_bps uses the pipeline's task graph,
 * so labels without quanta (and their edges) play no part here, and they count as absent.
 */
export function planClusters(graph: QuantumGraph, specs: readonly ClusterSpec[]): PlannedLabel[] {
  const labelIndex = new Map(graph.labels.map((label, i) => [label, i]));
  const clusterOfTask = new Array<number>(graph.labels.length).fill(-1);
  const planned: Array<{ label: string; spec: ClusterSpec | undefined; tasks: number[] }> = [];
  for (const spec of specs) {
    const tasks: number[] = [];
    for (const task of spec.pipetasks) {
      const index = labelIndex.get(task);
      // Like ctrl_bps, only labels in the graph count as used: an absent one may appear twice.
      if (index === undefined) continue;
      if (clusterOfTask[index] !== -1 || tasks.includes(index)) {
        throw new ConfigError(`Task label ${task} appears in more than one cluster definition.`, { hint: 'Keep each pipetask in the pipetasks list of one cluster only.' });
      }
      tasks.push(index);
    }
    if (tasks.length === 0) continue;
    for (const task of tasks) clusterOfTask[task] = planned.length;
    planned.push({ label: spec.label, spec, tasks: tasks.sort((a, b) => a - b) });
  }
  graph.labels.forEach((label, task) => {
    if (clusterOfTask[task] !== -1) return;
    if (planned.some((p) => p.label === label)) {
      throw new ConfigError(`Cluster label ${label} is also the label of a task that is in no cluster.`, { hint: `Rename cluster.${label}, or add the task ${label} to a cluster.` });
    }
    clusterOfTask[task] = planned.length;
    planned.push({ label, spec: undefined, tasks: [task] });
  });
  return orderPlanned(graph, planned, clusterOfTask);
}

/** The cluster labels in dependency order (ties: the one whose first task comes first); a cycle is an error. */
function orderPlanned(graph: QuantumGraph, planned: PlannedLabel[], clusterOfTask: readonly number[]): PlannedLabel[] {
  const byFirstTask = planned.map((_, i) => i).sort((a, b) => (planned[a]?.tasks[0] as number) - (planned[b]?.tasks[0] as number));
  const rank = new Array<number>(planned.length);
  byFirstTask.forEach((p, r) => (rank[p] = r));
  const children = planned.map(() => new Set<number>());
  labelChildren(graph.labelOf, graph.labels.length, graph).forEach((taskChildren, task) => {
    for (const child of taskChildren) {
      const [a, b] = [rank[clusterOfTask[task] as number] as number, rank[clusterOfTask[child] as number] as number];
      if (a !== b) children[a]?.add(b);
    }
  });
  const cycle = findCycle(children);
  if (cycle) {
    const names = cycle.map((r) => planned[byFirstTask[r] as number]?.label);
    throw new ConfigError(`Cluster pipetasks do not create a DAG: ${names.join(' -> ')}.`, {
      hint: 'Typically this means a PipelineTask needs to be added to a cluster or removed from a cluster.',
    });
  }
  return orderByIndex(children).map((r) => planned[byFirstTask[r] as number] as PlannedLabel);
}

/** A cycle of a small graph as its nodes, first node repeated at the end, or undefined (iterative DFS). */
export function findCycle(children: ReadonlyArray<ReadonlySet<number>>): number[] | undefined {
  const state = new Uint8Array(children.length); // 0 new, 1 on the path, 2 done
  for (let root = 0; root < children.length; root += 1) {
    if (state[root] !== 0) continue;
    const path: number[] = [root];
    const iterators = [children[root]?.values() as Iterator<number>];
    state[root] = 1;
    while (path.length > 0) {
      const next = iterators[iterators.length - 1]?.next();
      if (!next || next.done) {
        state[path.pop() as number] = 2;
        iterators.pop();
      } else if (state[next.value] === 1) {
        return [...path.slice(path.indexOf(next.value)), next.value];
      } else if (state[next.value] === 0) {
        state[next.value] = 1;
        path.push(next.value);
        iterators.push(children[next.value]?.values() as Iterator<number>);
      }
    }
  }
  return undefined;
}
