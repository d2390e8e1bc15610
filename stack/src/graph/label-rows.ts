import { dimensionGroup } from '../repo/universe.js';
import type { DataId } from './model.js';

/**
 * The `key = value` rows of a dot/mermaid label: the required dimensions of the node's dimension set,
 * in universe order, values printed raw (`instrument = LSSTCam-imSim`), as `data_id.required.items()`.
 */
export function formatDataIdRows(dataId: DataId, dimensions: readonly string[]): string[] {
  const keys = dimensions.length > 0 ? dimensionGroup(dimensions).required : Object.keys(dataId);
  return keys.filter((k) => dataId[k] !== undefined).map((k) => `${k} = ${dataId[k]}`);
}
