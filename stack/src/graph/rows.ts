import type { Registry } from '../repo/registry.js';
import { UNIVERSE } from '../repo/universe.js';

/** One row of the data-ID query: a value for each dimension asked for. */
export type Row = Readonly<Record<string, string | number>>;

interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
}

const OBSERVATION = ['visit', 'exposure', 'detector'];
const SKYMAP = ['tract', 'patch'];

function keyOf(row: Row, columns: readonly string[]): string {
  return columns.map((c) => String(row[c])).join('\u0000');
}

/** A dimension's records as a table of its key, its required keys and the keys it implies. */
function elementTable(registry: Registry, dim: string): Table {
  const spec = UNIVERSE.get(dim);
  if (spec === undefined) return { columns: [], rows: [{}] };
  const columns = [dim, ...spec.requires, ...spec.implies];
  const rows = registry.records(dim).map((record) => {
    const row: Record<string, string | number> = {};
    for (const c of columns) row[c] = (c === dim ? record[spec.keyField] : record[c]) as string | number;
    return row;
  });
  return { columns, rows };
}

/** The stored spatial join: one row per (visit, detector, tract, patch) whose regions overlap. */
function overlapTable(registry: Registry): Table {
  const rows: Row[] = [];
  for (const r of registry.records('visit_detector_region')) {
    for (const [tract, patch] of (r['patches'] as Array<[number, number]> | undefined) ?? []) {
      rows.push({ instrument: r['instrument'] as string, visit: r['visit'] as number, detector: r['detector'] as number,
        skymap: r['skymap'] as string, tract, patch });
    }
  }
  return { columns: ['instrument', 'visit', 'detector', 'skymap', 'tract', 'patch'], rows };
}

function joinTableOf(registry: Registry, element: string, columns: readonly string[]): Table {
  const rows = registry.records(element).map((r) => Object.fromEntries(columns.map((c) => [c, r[c] as string | number])));
  return { columns, rows };
}

function naturalJoin(a: Table, b: Table): Table {
  const common = a.columns.filter((c) => b.columns.includes(c));
  const index = new Map<string, Row[]>();
  for (const row of b.rows) {
    const key = keyOf(row, common);
    const bucket = index.get(key);
    if (bucket === undefined) index.set(key, [row]);
    else bucket.push(row);
  }
  const rows: Row[] = [];
  for (const row of a.rows) for (const match of index.get(keyOf(row, common)) ?? []) rows.push({ ...row, ...match });
  return { columns: [...new Set([...a.columns, ...b.columns])], rows };
}

/** Joins tables greedily, always next taking the one sharing most columns, to avoid cross products. */
function joinAll(tables: Table[]): Table {
  if (tables.length === 0) return { columns: [], rows: [{}] };
  tables.sort((x, y) => y.columns.length - x.columns.length);
  let result = tables.shift() as Table;
  while (tables.length > 0) {
    const shared = (t: Table): number => t.columns.filter((c) => result.columns.includes(c)).length;
    tables.sort((x, y) => shared(y) - shared(x) || x.rows.length - y.rows.length);
    result = naturalJoin(result, tables.shift() as Table);
  }
  return result;
}

/**
 * Every combination of dimension values consistent with the registry, for the given (already expanded)
 * dimensions: the join of their records, of exposure↔visit definitions, of which detectors saw each
 * visit, and, when both observation and sky-map dimensions are asked for, of the stored region overlaps
 * — the stand-in's version of the big initial data-ID query of the real QuantumGraph builder.
 */
export function queryDimensionRows(registry: Registry, dimensions: ReadonlySet<string>): Row[] {
  const dims = new Set(dimensions);
  const spatial = OBSERVATION.some((d) => dims.has(d)) && SKYMAP.some((d) => dims.has(d));
  if (spatial && !dims.has('visit')) dims.add('visit');
  const tables = [...dims].filter((d) => d !== 'htm7').map((d) => elementTable(registry, d));
  if (dims.has('visit') && dims.has('exposure')) tables.push(joinTableOf(registry, 'visit_definition', ['instrument', 'exposure', 'visit']));
  if (dims.has('visit') && dims.has('detector')) tables.push(joinTableOf(registry, 'visit_detector_region', ['instrument', 'visit', 'detector']));
  if (spatial) tables.push(overlapTable(registry));
  const joined = joinAll(tables);
  const wanted = [...dimensions].filter((d) => joined.columns.includes(d));
  const seen = new Map<string, Row>();
  for (const row of joined.rows) {
    const key = keyOf(row, wanted);
    if (!seen.has(key)) seen.set(key, Object.fromEntries(wanted.map((c) => [c, row[c] as string | number])));
  }
  return [...seen.values()];
}

/** Projects a row onto some dimensions, as a lookup key. */
export function projectKey(row: Row, dims: readonly string[]): string {
  return keyOf(row, dims);
}
