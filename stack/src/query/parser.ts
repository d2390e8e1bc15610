import type { CompareOp, Expr, InItem, Operand } from './ast.js';
import { syntaxError } from './query-error.js';
import { tokenize, type Token, type TokenKind } from './tokenizer.js';

/**
 * Recursive-descent parser for the daf_butler `where` subset:
 *   expr    := and (OR and)*          and := not (AND not)*        not := NOT not | primary
 *   primary := '(' expr ')' | operand (cmp operand | [NOT] IN '(' item (',' item)* ')')
 *   item    := literal | int '..' int [':' int]
 * Precedence, loosest first: OR, AND, NOT, comparison.
 */
class Parser {
  private index = 0;

  constructor(private readonly expression: string, private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    return this.tokens[this.index] ?? { kind: 'eof', text: '', pos: this.expression.length };
  }

  private next(): Token {
    const token = this.peek();
    this.index += 1;
    return token;
  }

  private expect(kind: TokenKind): Token {
    const token = this.next();
    if (token.kind !== kind) throw syntaxError(this.expression, token.text, token.pos);
    return token;
  }

  parseAll(): Expr {
    const expr = this.parseOr();
    const end = this.peek();
    if (end.kind !== 'eof') throw syntaxError(this.expression, end.text, end.pos);
    return expr;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.peek().kind === 'or') {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.peek().kind === 'and') {
      this.next();
      left = { kind: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.peek().kind !== 'not') return this.parsePrimary();
    this.next();
    return { kind: 'not', operand: this.parseNot() };
  }

  private parsePrimary(): Expr {
    if (this.peek().kind === 'lparen') {
      this.next();
      const inner = this.parseOr();
      this.expect('rparen');
      return inner;
    }
    const left = this.parseOperand();
    const token = this.peek();
    if (token.kind === 'op') {
      this.next();
      const op = (token.text === '<>' ? '!=' : token.text) as CompareOp;
      return { kind: 'compare', op, left, right: this.parseOperand() };
    }
    const negated = token.kind === 'not';
    if (negated) this.next();
    if (this.peek().kind === 'in') {
      this.next();
      return { kind: 'in', negated, operand: left, items: this.parseItems() };
    }
    const bad = this.peek();
    throw syntaxError(this.expression, bad.text, bad.pos);
  }

  private parseLiteral(): string | number {
    const token = this.next();
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (token.kind === 'minus' && this.peek().kind === 'number') return -Number(this.next().text);
    throw syntaxError(this.expression, token.text, token.pos);
  }

  private parseOperand(): Operand {
    const token = this.peek();
    if (token.kind !== 'ident') return { kind: 'literal', value: this.parseLiteral() };
    this.next();
    const [dimension = '', field] = token.text.split('.');
    return { kind: 'ident', dimension, field, text: token.text };
  }

  private parseItems(): InItem[] {
    this.expect('lparen');
    const items: InItem[] = [this.parseItem()];
    while (this.peek().kind === 'comma') {
      this.next();
      items.push(this.parseItem());
    }
    this.expect('rparen');
    return items;
  }

  private parseItem(): InItem {
    const startToken = this.peek();
    const start = this.parseLiteral();
    if (this.peek().kind !== 'range') return { kind: 'value', value: start };
    this.next();
    const stop = this.parseLiteral();
    let stride = 1;
    if (this.peek().kind === 'colon') {
      this.next();
      stride = Number(this.parseLiteral());
    }
    const integral = [start, stop, stride].every((v) => typeof v === 'number' && Number.isInteger(v));
    if (!integral || stride <= 0) throw syntaxError(this.expression, String(start), startToken.pos);
    return { kind: 'range', start: start as number, stop: stop as number, stride };
  }
}

/** Parses a data query; throws a one-line {@link QueryError} on any syntax error. */
export function parseQuery(expression: string): Expr {
  return new Parser(expression, tokenize(expression)).parseAll();
}
