import { getLogger } from '../log/logging.js';
import type { DatasetNode } from '../graph/model.js';
import type { ExecContext } from './context.js';

const log = getLogger('lsst.pipe.base.pre_exec_init', 'pre_exec_init.py');

/** What a stand-in init-output holds: the task's config for `_config`, versions for `packages`. */
function initContent(ctx: ExecContext, dataset: DatasetNode): unknown {
  if (dataset.datasetType === 'packages') return { node: process.version, 'bps-ts-standin': '1', platform: process.platform };
  const task = ctx.graph.tasks.find((t) => Object.values(t.initOutputs).includes(dataset.id));
  if (dataset.datasetType.endsWith('_config')) return { taskClass: task?.taskClass, config: task?.config ?? {} };
  return { schema: dataset.datasetType, writer: task?.label };
}

/**
 * `pre-exec-init-qbb`: writes the init-outputs into the output run (each task's `<label>_config` and
 * schemas, and the global `packages`). Existing ones with the predicted id are left alone, so a retried
 * init job is harmless.
 */
export function writeInitOutputs(ctx: ExecContext): { written: number; existing: number } {
  const ids = [...ctx.graph.tasks.flatMap((t) => Object.values(t.initOutputs)), ...Object.values(ctx.graph.globalInitOutputs)];
  let written = 0;
  let existing = 0;
  for (const task of ctx.graph.tasks) log.verbose(`Writing init-outputs for task ${task.label}.`, 118);
  for (const id of ids) {
    const dataset = ctx.datasetsById.get(id);
    if (dataset === undefined) continue;
    if (ctx.datastore.has(dataset.path, dataset.id)) {
      existing += 1;
      continue;
    }
    ctx.datastore.write(dataset.path, {
      id: dataset.id, datasetType: dataset.datasetType, run: dataset.run, dataId: {},
      storageClass: ctx.graph.datasetTypes[dataset.datasetType]?.storageClass ?? 'StructuredDataDict', content: initContent(ctx, dataset),
    });
    written += 1;
  }
  log.info(`Wrote ${written} init-output datasets (${existing} already existed) to run '${ctx.graph.metadata.output_run}'.`, 140);
  return { written, existing };
}
