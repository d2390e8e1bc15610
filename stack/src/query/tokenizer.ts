import { syntaxError } from './query-error.js';

/** Token kinds of the daf_butler expression subset the stand-in understands. */
export type TokenKind =
  | 'number' | 'string' | 'ident' | 'and' | 'or' | 'not' | 'in'
  | 'op' | 'lparen' | 'rparen' | 'comma' | 'range' | 'colon' | 'minus' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Source text (for strings: the unquoted content). */
  readonly text: string;
  /** 0-based offset in the expression. */
  readonly pos: number;
}

const KEYWORDS: Readonly<Record<string, TokenKind>> = { AND: 'and', OR: 'or', NOT: 'not', IN: 'in' };
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?/;
// A '.' only belongs to a number when a digit follows, so `1..5` lexes as 1, '..', 5.
const NUMBER = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/;
const OPERATORS = ['!=', '<>', '<=', '>=', '=', '<', '>'];

function punctuation(expression: string, pos: number): Token | undefined {
  const rest = expression.slice(pos);
  if (rest.startsWith('..')) return { kind: 'range', text: '..', pos };
  const op = OPERATORS.find((o) => rest.startsWith(o));
  if (op !== undefined) return { kind: 'op', text: op, pos };
  const single: Record<string, TokenKind> = { '(': 'lparen', ')': 'rparen', ',': 'comma', ':': 'colon', '-': 'minus' };
  const kind = single[rest[0] ?? ''];
  return kind === undefined ? undefined : { kind, text: rest[0] ?? '', pos };
}

function quoted(expression: string, pos: number): Token {
  const quote = expression[pos] ?? "'";
  const end = expression.indexOf(quote, pos + 1);
  if (end === -1) throw syntaxError(expression, expression.slice(pos), pos);
  return { kind: 'string', text: expression.slice(pos + 1, end), pos };
}

/** Splits an expression into tokens; keywords are case-insensitive; strings take single or double quotes. */
export function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < expression.length) {
    const ch = expression[pos] ?? '';
    if (/\s/.test(ch)) {
      pos += 1;
      continue;
    }
    const rest = expression.slice(pos);
    let token: Token | undefined;
    if (ch === "'" || ch === '"') {
      token = quoted(expression, pos);
      pos += token.text.length + 2;
    } else {
      const word = IDENT.exec(rest)?.[0] ?? NUMBER.exec(rest)?.[0];
      if (word !== undefined) {
        const keyword = KEYWORDS[word.toUpperCase()];
        const kind = keyword ?? (/^\d/.test(word) ? 'number' : 'ident');
        token = { kind, text: word, pos };
      } else token = punctuation(expression, pos);
      if (token === undefined) throw syntaxError(expression, ch, pos);
      pos += token.text.length;
    }
    tokens.push(token);
  }
  tokens.push({ kind: 'eof', text: '', pos: expression.length });
  return tokens;
}
