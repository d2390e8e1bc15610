import { StandinError } from '../errors.js';
import type { Registry } from '../repo/registry.js';
import { dimensionGroup } from '../repo/universe.js';
import type { Connection } from '../pipeline/types.js';
import { formatDataId } from '../util/py-repr.js';
import type { ExistingDatasets } from './existing.js';
import type { DataId, DatasetNode } from './model.js';
import { projectKey, type Row } from './rows.js';

/**
 * Finds a quantum's prerequisite inputs (calibrations, camera, reference catalogs), looked up per
 * quantum after the main query as the real builder does. A dataset type whose dimensions the quantum's
 * data ID holds (bias: instrument+detector; flat: +physical_filter) is matched on them; an `htm7`
 * dataset type (refcat shards) is matched spatially, through the htm7 pixels stored for the quantum's
 * (visit, detector) regions.
 */
export function findPrerequisites(
  connection: Connection, quantum: { label: string; dataId: DataId; rows: readonly Row[] },
  existing: ExistingDatasets, registry: Registry,
): DatasetNode[] {
  const group = dimensionGroup(connection.dimensions);
  let found: DatasetNode[];
  if (group.required.every((d) => quantum.dataId[d] !== undefined)) {
    const hit = existing.find(connection.datasetType, connection.dimensions, projectKey(quantum.dataId, group.required));
    found = hit === undefined ? [] : [hit];
  } else if (group.required.length === 1 && group.required[0] === 'htm7') {
    const pixels = new Set<number>();
    for (const row of quantum.rows) {
      const region = registry.records('visit_detector_region')
        .find((r) => r['visit'] === row['visit'] && r['detector'] === row['detector'] && r['instrument'] === row['instrument']);
      for (const pixel of (region?.['htm7'] as number[] | undefined) ?? []) pixels.add(pixel);
    }
    found = [...pixels].sort((a, b) => a - b)
      .map((p) => existing.find(connection.datasetType, connection.dimensions, String(p)))
      .filter((d): d is DatasetNode => d !== undefined);
  } else {
    throw new StandinError('NotImplementedError',
      `The stand-in cannot look up prerequisite '${connection.datasetType}' ${JSON.stringify(connection.dimensions)} for task '${quantum.label}'.`);
  }
  if (found.length < Math.max(connection.minimum, connection.multiple ? 0 : 1)) {
    throw new StandinError('lsst.pipe.base.PrerequisiteMissingError',
      `No dataset of type '${connection.datasetType}' found for ${connection.field} of task '${quantum.label}' `
      + `on quantum ${formatDataId(quantum.dataId)}.`);
  }
  return found;
}
