import type { CompareOp, Expr, InItem, Operand } from './ast.js';
import { QueryError } from './query-error.js';

/** A value of a data-query row: dimension keys and record fields. */
export type RowValue = string | number | boolean | null | undefined;

/** What an identifier means: how to read it from a row, and its type if known (dimensions have one). */
export interface ResolvedIdentifier {
  readonly get: (row: Readonly<Record<string, unknown>>) => RowValue;
  readonly type: 'int' | 'string' | 'unknown';
}

/** Looks identifiers up; throws a {@link QueryError} for unknown dimensions or fields. */
export type Resolver = (operand: Extract<Operand, { kind: 'ident' }>) => ResolvedIdentifier;

export type RowPredicate = (row: Readonly<Record<string, unknown>>) => boolean;

type Getter = (row: Readonly<Record<string, unknown>>) => RowValue;

function compareValues(a: RowValue, b: RowValue, op: CompareOp): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return op === '!=' ? a !== b : false;
  // A numeric-looking string compared with a number compares as a number (e.g. day_obs read from YAML).
  const [x, y] = typeof a !== typeof b && typeof a !== 'boolean' && typeof b !== 'boolean' ? [Number(a), Number(b)] : [a, b];
  switch (op) {
    case '=': return x === y;
    case '!=': return x !== y;
    case '<': return x < y;
    case '<=': return x <= y;
    case '>': return x > y;
    case '>=': return x >= y;
  }
}

/** Rejects `tract = 'abc'` early: an integer dimension against a non-numeric string can never match. */
function checkTypes(expression: string, ident: ResolvedIdentifier, name: string, value: string | number): void {
  if (ident.type === 'int' && typeof value === 'string' && !/^-?\d+$/.test(value)) {
    throw new QueryError(`Invalid value '${value}' for integer dimension '${name}' in user expression "${expression}".`);
  }
}

function inItems(items: readonly InItem[]): (value: RowValue) => boolean {
  return (value) => items.some((item) => {
    if (item.kind === 'value') return compareValues(value, item.value, '=');
    const n = Number(value);
    return Number.isInteger(n) && n >= item.start && n <= item.stop && (n - item.start) % item.stride === 0;
  });
}

/**
 * Compiles a parsed query into a row predicate. Identifiers are resolved once, up front, so an unknown
 * dimension fails before any row is read.
 */
export function compileQuery(expression: string, expr: Expr, resolve: Resolver): RowPredicate {
  const operand = (o: Operand, other: Operand): Getter => {
    if (o.kind === 'literal') return () => o.value;
    const ident = resolve(o);
    if (other.kind === 'literal') checkTypes(expression, ident, o.text, other.value);
    return ident.get;
  };
  const compile = (e: Expr): RowPredicate => {
    switch (e.kind) {
      case 'or': {
        const [l, r] = [compile(e.left), compile(e.right)];
        return (row) => l(row) || r(row);
      }
      case 'and': {
        const [l, r] = [compile(e.left), compile(e.right)];
        return (row) => l(row) && r(row);
      }
      case 'not': {
        const inner = compile(e.operand);
        return (row) => !inner(row);
      }
      case 'compare': {
        const [l, r] = [operand(e.left, e.right), operand(e.right, e.left)];
        return (row) => compareValues(l(row), r(row), e.op);
      }
      case 'in': {
        const target = e.operand;
        const get: Getter = target.kind === 'literal' ? () => target.value : resolve(target).get;
        const test = inItems(e.items);
        return (row) => test(get(row)) !== e.negated;
      }
    }
  };
  return compile(expr);
}
