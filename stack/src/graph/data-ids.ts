import { DIMENSION_ORDER, type DimensionGroup } from '../repo/universe.js';
import type { DataId } from './model.js';
import type { Row } from './rows.js';

/** A data ID from a query row: required keys, then implied keys, each in universe order. */
export function fullDataId(row: Row, group: DimensionGroup): DataId {
  const dataId: Record<string, string | number> = {};
  for (const d of [...group.required, ...group.implied]) {
    const value = row[d];
    if (value !== undefined) dataId[d] = value;
  }
  return dataId;
}

/** Only the required keys of a data ID (what the dot file and `quantaReports[].dataId` show). */
export function requiredDataId(dataId: DataId, required: readonly string[]): DataId {
  return Object.fromEntries(required.filter((k) => dataId[k] !== undefined).map((k) => [k, dataId[k] as string | number]));
}

function compareValues(a: string | number | undefined, b: string | number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/** Sorts query rows by their values in universe order, so quanta come out in a stable, readable order. */
export function sortRows(rows: Row[]): Row[] {
  return rows.sort((x, y) => {
    for (const d of DIMENSION_ORDER) {
      const c = compareValues(x[d], y[d]);
      if (c !== 0) return c;
    }
    return 0;
  });
}
