import { UsageError } from '../errors.js';
import type { DataId, DataIdValue } from '../model/data-id.js';

/** A parsed `getJobs` query: the dimensions it names and a test of one job's data ID. */
export interface DataIdQuery {
  readonly dimensions: readonly string[];
  matches(dataId: DataId): boolean;
}

type Clause = { readonly name: string; readonly op: '==' | '!='; readonly value: DataIdValue } | { readonly name: string; readonly op: 'in'; readonly values: readonly DataIdValue[] };

type Token = { readonly kind: 'name' | 'number' | 'string' | 'op' | 'punct'; readonly text: string; readonly value: DataIdValue; readonly at: number };

const TOKEN = /\s*(?:(?<number>-?\d+(?:\.\d+)?)(?![\w.])|(?<name>[A-Za-z_]\w*)|'(?<sq>[^']*)'|"(?<dq>[^"]*)"|(?<op>==|!=|=)|(?<punct>[(),]))/y;

const HINT = "Write it like: visit == 192355 and detector in (1, 2), with text values in quotes (band == 'i').";

/**
 * Parses the data-ID filter of `pipeline.getJobs(label, {query})`: clauses `name == value`
 * (`=` also, as in butler queries), `name != value` and `name in (v1, v2, …)`, joined by `and`.
 * Values are numbers or quoted text. A tokenizer and a recursive reading, never `eval`: the text comes
 * from a user and selects jobs to run. A job whose data ID lacks a named dimension never matches.
 */
export function parseDataIdQuery(text: string): DataIdQuery {
  const tokens = tokenize(text);
  const clauses: Clause[] = [];
  let pos = 0;
  const fail = (what: string): never => {
    const at = tokens[pos]?.at ?? text.length;
    throw new UsageError(`Cannot read the query '${text}': ${what} at character ${at + 1}.`, { hint: HINT });
  };
  const take = (kind: Token['kind'], word?: string): Token | undefined => {
    const token = tokens[pos];
    if (!token || token.kind !== kind || (word !== undefined && token.text.toLowerCase() !== word)) return undefined;
    pos += 1;
    return token;
  };
  const value = (): DataIdValue => (take('number') ?? take('string') ?? fail('expected a number or a quoted text')).value;
  do {
    const name = take('name') ?? fail('expected a dimension name');
    if (['and', 'in'].includes(name.text.toLowerCase())) fail(`expected a dimension name, not '${name.text}'`);
    const op = take('op');
    if (op) clauses.push({ name: name.text, op: op.text === '!=' ? '!=' : '==', value: value() });
    else if (take('name', 'in')) {
      if (!take('punct', '(')) fail("expected '(' after 'in'");
      const values = [value()];
      while (take('punct', ',')) values.push(value());
      if (!take('punct', ')')) fail("expected ',' or ')'");
      clauses.push({ name: name.text, op: 'in', values });
    } else fail("expected '==', '!=' or 'in'");
  } while (take('name', 'and'));
  if (pos < tokens.length) fail("expected 'and' or the end of the query");
  return {
    dimensions: [...new Set(clauses.map((c) => c.name))],
    matches: (dataId) => clauses.every((clause) => holds(clause, dataId)),
  };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m?.groups) {
      if (text.slice(start).trim() === '') break;
      const at = start + (text.slice(start).length - text.slice(start).trimStart().length);
      throw new UsageError(`Cannot read the query '${text}': unexpected '${text[at] ?? ''}' at character ${at + 1}.`, { hint: HINT });
    }
    const g = m.groups;
    const at = m.index + (m[0].length - m[0].trimStart().length);
    if (g['number'] !== undefined) tokens.push({ kind: 'number', text: g['number'], value: Number(g['number']), at });
    else if (g['name'] !== undefined) tokens.push({ kind: 'name', text: g['name'], value: g['name'], at });
    else if (g['sq'] !== undefined || g['dq'] !== undefined) {
      const s = g['sq'] ?? g['dq'] ?? '';
      tokens.push({ kind: 'string', text: s, value: s, at });
    } else if (g['op'] !== undefined) tokens.push({ kind: 'op', text: g['op'], value: g['op'], at });
    else tokens.push({ kind: 'punct', text: g['punct'] ?? '', value: g['punct'] ?? '', at });
  }
  if (tokens.length === 0) throw new UsageError('The query is empty.', { hint: HINT });
  return tokens;
}

function same(actual: DataIdValue, wanted: DataIdValue): boolean {
  return typeof actual === 'number' && typeof wanted === 'number' ? actual === wanted : String(actual) === String(wanted);
}

function holds(clause: Clause, dataId: DataId): boolean {
  const actual = dataId[clause.name];
  if (actual === undefined) return false;
  if (clause.op === 'in') return clause.values.some((v) => same(actual, v));
  return clause.op === '==' ? same(actual, clause.value) : !same(actual, clause.value);
}
