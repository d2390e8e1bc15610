import { StandinError } from '../errors.js';

/**
 * A data query (`-d`) that cannot be used: a syntax error, an unknown dimension or field, or a
 * comparison of incompatible types. The message is one line and quotes the expression.
 */
export class QueryError extends StandinError {
  constructor(message: string, pythonClass = 'lsst.daf.butler.registry.UserExpressionError') {
    super(pythonClass, message);
  }
}

/** A syntax error at `pos` (0-based) of `expression`, worded like daf_butler's ParseError. */
export function syntaxError(expression: string, token: string, pos: number): QueryError {
  const near = token === '' ? 'end of input' : `'${token}'`;
  return new QueryError(
    `Failed to parse user expression "${expression}": syntax error at or near ${near} (line: 1, pos: ${pos + 1}).`,
    'lsst.daf.butler.registry.UserExpressionSyntaxError',
  );
}
