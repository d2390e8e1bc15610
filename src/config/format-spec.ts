import { ConfigError } from '../errors.js';

// Python's `[[fill]align][sign][0][width][grouping][.precision][type]`, the part users write in configs.
const SPEC = /^(?:(.)?([<>^=]))?([+\- ])?(0)?(\d+)?([,_])?(?:\.(\d+))?([dfsx])?$/s;

interface Spec {
  fill: string | undefined;
  align: string | undefined;
  sign: string | undefined;
  zero: boolean;
  width: number;
  grouping: string | undefined;
  precision: number | undefined;
  type: string | undefined;
}

/**
 * Python's format-spec mini-language, the subset users write in bps configs: `{visit:06}`, `{x:03d}`,
 * `{x:>5}`, `{x:.2f}`, `{x:+d}`, `{x:,}` (fill, align, sign, zero padding, width, grouping, precision,
 * types d, f, s and x). Numeric strings count as numbers, because data-ID values may arrive as text.
 */
export function formatWithSpec(value: unknown, spec: string, name = 'value'): string {
  if (spec === '') return String(value ?? '');
  const parsed = parseSpec(spec, name);
  const number = asNumber(value);
  if (parsed.type === 's' || (number === undefined && parsed.type === undefined)) {
    const text = String(value ?? '');
    return pad(parsed.precision === undefined ? text : text.slice(0, parsed.precision), parsed, false);
  }
  if (number === undefined) throw mismatch(name, spec, value, 'a number');
  return pad(signed(number, digits(number, parsed, name, spec), parsed.sign), parsed, true);
}

function parseSpec(spec: string, name: string): Spec {
  const match = SPEC.exec(spec);
  if (!match) {
    throw new ConfigError(`Unsupported format spec '{${name}:${spec}}'.`, {
      hint: 'bps-ts supports Python specs with fill, align, sign, 0, width, grouping, precision and types d, f, s, x, e.g. {visit:06} or {x:.2f}.',
    });
  }
  const [, fill, align, sign, zero, width, grouping, precision, type] = match;
  return { fill, align, sign, zero: zero === '0', width: Number(width ?? 0), grouping, precision: precision === undefined ? undefined : Number(precision), type };
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** The digits without sign: d/x need a whole number, f fixed precision, none Python's general format. */
function digits(n: number, spec: Spec, name: string, text: string): string {
  const abs = Math.abs(n);
  if ((spec.type === 'd' || spec.type === 'x') && !Number.isInteger(n)) throw mismatch(name, text, n, 'a whole number');
  let body: string;
  if (spec.type === 'x') body = abs.toString(16);
  else if (spec.type === 'f') body = abs.toFixed(spec.precision ?? 6);
  else if (spec.type === undefined && spec.precision !== undefined) body = String(Number(abs.toPrecision(Math.max(1, spec.precision))));
  else body = String(abs);
  return spec.grouping ? group(body, spec.grouping) : body;
}

function group(body: string, separator: string): string {
  const [whole = '', fraction] = body.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

function signed(n: number, body: string, sign: string | undefined): string {
  if (n < 0) return `-${body}`;
  return sign === '+' ? `+${body}` : sign === ' ' ? ` ${body}` : body;
}

function pad(body: string, spec: Spec, numeric: boolean): string {
  const missing = spec.width - body.length;
  if (missing <= 0) return body;
  const fill = spec.fill ?? (spec.zero ? '0' : ' ');
  const align = spec.align ?? (spec.zero && numeric ? '=' : numeric ? '>' : '<');
  if (align === '<') return body + fill.repeat(missing);
  if (align === '^') return fill.repeat(Math.floor(missing / 2)) + body + fill.repeat(Math.ceil(missing / 2));
  if (align === '=' && /^[+\- ]/.test(body)) return body[0] + fill.repeat(missing) + body.slice(1);
  return fill.repeat(missing) + body;
}

function mismatch(name: string, spec: string, value: unknown, expected: string): ConfigError {
  return new ConfigError(`Format spec '{${name}:${spec}}' needs ${expected}, but ${name} is ${JSON.stringify(value)}.`, {
    hint: `Change the spec or the value of ${name}.`,
  });
}
