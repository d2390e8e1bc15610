import { StandinError } from '../errors.js';
import type { Datastore } from '../repo/datastore.js';
import type { TaskNode } from '../pipeline/types.js';
import { dimensionGroup } from '../repo/universe.js';
import { uuid7 } from '../util/uuid.js';
import type { ExistingDatasets } from './existing.js';
import type { DatasetNode, GraphTask } from './model.js';

/** The init-datasets of a graph and the tasks that refer to them. */
export interface InitDatasets {
  readonly tasks: GraphTask[];
  readonly datasets: DatasetNode[];
  readonly globalInitOutputs: Record<string, string>;
}

/**
 * Plans the init-outputs `pre-exec-init-qbb` writes (each task's `<label>_config` and declared schemas,
 * plus the global `packages`) and binds init-inputs to them or to existing datasets. With an existing
 * output run (`--extend-run`), init-outputs already there are reused rather than predicted anew.
 */
export function planInitDatasets(
  tasks: readonly TaskNode[], outputRun: string, datastore: Datastore,
  inputs: ExistingDatasets, outputRunDatasets: ExistingDatasets | undefined,
): InitDatasets {
  const datasets: DatasetNode[] = [];
  const byType = new Map<string, DatasetNode>();
  const predict = (datasetType: string): DatasetNode => {
    const node = outputRunDatasets?.find(datasetType, [], '')
      ?? { id: uuid7(), datasetType, run: outputRun, dataId: {}, path: datastore.relativePath(outputRun, datasetType, {}) };
    datasets.push(node);
    byType.set(datasetType, node);
    return node;
  };
  const initOutputs = tasks.map((task) => Object.fromEntries(task.connections
    .filter((c) => c.kind === 'initOutput').map((c) => [c.field, predict(c.datasetType).id])));
  const graphTasks = tasks.map((task, i): GraphTask => {
    const initInputs: Record<string, string> = {};
    for (const c of task.connections.filter((x) => x.kind === 'initInput')) {
      const node = byType.get(c.datasetType) ?? inputs.find(c.datasetType, [], '');
      if (node === undefined) {
        throw new StandinError('lsst.pipe.base.QuantumGraphBuilderError',
          `Init-input '${c.datasetType}' of task '${task.label}' is neither written by the pipeline nor found in the input collections.`);
      }
      if (!datasets.includes(node)) datasets.push(node);
      initInputs[c.field] = node.id;
    }
    return { label: task.label, taskClass: task.taskClass, dimensions: dimensionGroup(task.dimensions).required, runTime: task.runTime,
      config: task.config, initInputs, initOutputs: initOutputs[i] ?? {} };
  });
  const packages = predict('packages');
  return { tasks: graphTasks, datasets, globalInitOutputs: { packages: packages.id } };
}
