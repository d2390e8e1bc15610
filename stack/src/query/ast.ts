/** The syntax tree of a data query (`-d`). */
export type Expr =
  | { readonly kind: 'or' | 'and'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'not'; readonly operand: Expr }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Operand; readonly right: Operand }
  | { readonly kind: 'in'; readonly negated: boolean; readonly operand: Operand; readonly items: readonly InItem[] };

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** A dimension (`visit`), a record field (`visit.day_obs`) or a literal. */
export type Operand =
  | { readonly kind: 'ident'; readonly dimension: string; readonly field: string | undefined; readonly text: string }
  | { readonly kind: 'literal'; readonly value: string | number };

/** One element of an `IN (…)` list: a value or an inclusive range `start..stop[:stride]`. */
export type InItem =
  | { readonly kind: 'value'; readonly value: string | number }
  | { readonly kind: 'range'; readonly start: number; readonly stop: number; readonly stride: number };

/** Every identifier operand of an expression, in order of appearance. */
export function identifiers(expr: Expr): Array<Extract<Operand, { kind: 'ident' }>> {
  switch (expr.kind) {
    case 'or':
    case 'and':
      return [...identifiers(expr.left), ...identifiers(expr.right)];
    case 'not':
      return identifiers(expr.operand);
    case 'compare':
      return [expr.left, expr.right].filter((o): o is Extract<Operand, { kind: 'ident' }> => o.kind === 'ident');
    case 'in':
      return expr.operand.kind === 'ident' ? [expr.operand] : [];
  }
}
