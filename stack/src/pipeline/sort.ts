import { StandinError } from '../errors.js';
import type { Connection, TaskNode } from './types.js';

function sameType(a: Connection, b: Connection): boolean {
  return a.storageClass === b.storageClass && a.dimensions.join() === b.dimensions.join();
}

/** Checks that every dataset type has one producer and one definition across all tasks. */
function checkDatasetTypes(tasks: readonly TaskNode[]): Map<string, string> {
  const producers = new Map<string, string>();
  const definitions = new Map<string, Connection>();
  for (const task of tasks) {
    for (const c of task.connections) {
      const seen = definitions.get(c.datasetType);
      if (seen !== undefined && c.kind !== 'initInput' && seen.kind !== 'initInput' && !sameType(seen, c)) {
        throw new StandinError('lsst.daf.butler.registry.IncompatibleDatasetTypeError',
          `Dataset type '${c.datasetType}' is declared with different dimensions or storage classes by several tasks.`);
      }
      if (seen === undefined || seen.kind === 'initInput') definitions.set(c.datasetType, c);
      if (c.kind !== 'output' && c.kind !== 'initOutput') continue;
      const other = producers.get(c.datasetType);
      if (other !== undefined) {
        throw new StandinError('lsst.pipe.base.pipeline_graph.DuplicateOutputError',
          `Dataset type '${c.datasetType}' is produced by both '${other}' and '${task.label}'.`);
      }
      producers.set(c.datasetType, task.label);
    }
  }
  return producers;
}

/**
 * Orders tasks so producers come before consumers (Kahn's algorithm, file order breaking ties), as
 * pipe_base's PipelineGraph sorts them. A prerequisite produced inside the pipeline or a cycle is an error.
 */
export function sortTasks(tasks: readonly TaskNode[]): TaskNode[] {
  const producers = checkDatasetTypes(tasks);
  const upstream = new Map<string, Set<string>>();
  for (const task of tasks) {
    const deps = new Set<string>();
    for (const c of task.connections) {
      const producer = producers.get(c.datasetType);
      if (producer === undefined || producer === task.label) continue;
      if (c.kind === 'prerequisite') {
        throw new StandinError('lsst.pipe.base.pipeline_graph.PipelineGraphError',
          `Prerequisite '${c.datasetType}' of '${task.label}' is produced by '${producer}' in the same pipeline.`);
      }
      if (c.kind === 'input' || c.kind === 'initInput') deps.add(producer);
    }
    upstream.set(task.label, deps);
  }
  const ordered: TaskNode[] = [];
  const remaining = [...tasks];
  while (remaining.length > 0) {
    const index = remaining.findIndex((t) => [...(upstream.get(t.label) ?? [])].every((d) => ordered.some((o) => o.label === d)));
    if (index === -1) {
      throw new StandinError('lsst.pipe.base.pipeline_graph.PipelineGraphError',
        `Cycle in the pipeline among ${remaining.map((t) => t.label).join(', ')}.`);
    }
    ordered.push(...remaining.splice(index, 1));
  }
  return ordered;
}
