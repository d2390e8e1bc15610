import type { Registry } from '../repo/registry.js';
import { UNIVERSE, dimensionGroup } from '../repo/universe.js';
import type { Expr } from './ast.js';
import { identifiers } from './ast.js';
import { compileQuery, type ResolvedIdentifier, type RowPredicate } from './evaluate.js';
import { parseQuery } from './parser.js';
import { QueryError } from './query-error.js';

/** A parsed, checked data query: the dimensions it needs in the rows, and its predicate. */
export interface CompiledQuery {
  readonly dimensions: ReadonlySet<string>;
  readonly predicate: RowPredicate;
}

/**
 * Parses `-d` and binds its identifiers to the registry: `dimension` reads the row's key,
 * `dimension.field` reads that dimension's record (`visit.day_obs`, `exposure.observation_type`,
 * `detector.purpose`, `patch.cell_x` …). An unknown dimension or field is a one-line {@link QueryError}.
 * An empty expression matches every row.
 */
export function compileDataQuery(expression: string, registry: Registry): CompiledQuery {
  if (expression.trim() === '') return { dimensions: new Set(), predicate: () => true };
  const expr: Expr = parseQuery(expression);
  const dimensions = new Set<string>();
  for (const ident of identifiers(expr)) {
    if (!UNIVERSE.has(ident.dimension)) {
      throw new QueryError(`Unknown dimension '${ident.dimension}' in user expression "${expression}".`);
    }
    for (const d of dimensionGroup([ident.dimension]).required) dimensions.add(d);
  }
  const resolve = (ident: Parameters<Parameters<typeof compileQuery>[2]>[0]): ResolvedIdentifier => {
    const spec = UNIVERSE.get(ident.dimension);
    if (spec === undefined) throw new QueryError(`Unknown dimension '${ident.dimension}' in user expression "${expression}".`);
    const field = ident.field;
    if (field === undefined || field === spec.keyField) return { get: (row) => row[ident.dimension] as string | number, type: spec.keyType };
    const records = registry.records(ident.dimension);
    if (!records.some((r) => field in r)) {
      throw new QueryError(`Unknown field '${field}' of dimension '${ident.dimension}' in user expression "${expression}".`);
    }
    return { get: (row) => registry.recordFor(ident.dimension, row)?.[field] as string | number | undefined, type: 'unknown' };
  };
  return { dimensions, predicate: compileQuery(expression, expr, resolve) };
}
