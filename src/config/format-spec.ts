import { ConfigError } from '../errors.js';

const SPEC = /^(?:(.)?([<>^=]))?([+\- ])?(0)?(\d+)?(?:\.(\d+))?([dfsx])?$/;

/**
 * Python's format-spec mini-language, the subset users write in bps configs: `{visit:06}`, `{x:03d}`,
 * `{x:>5}`, `{x:.2f}`, `{x:+d}`, `{x:x}` (fill, align, sign, zero padding, width, precision, type d/f/s/x).
 */
export function formatWithSpec(value: unknown, spec: string, key = ''): string {
  const match = SPEC.exec(spec);
  if (!match) throw new ConfigError(`Unsupported format spec '{${key}:${spec}}'.`, { hint: 'Use a Python format spec such as {visit:06} or {x:.2f}.' });
  const [, fillChar, alignChar, sign, zero, widthText, precisionText, type] = match;
  const numeric = typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) && type !== 's');
  let body: string;
  if (numeric && type !== 's') {
    const n = Number(value);
    if (type === 'f' || (precisionText !== undefined && type === undefined)) body = Math.abs(n).toFixed(Number(precisionText ?? 6));
    else if (type === 'x') body = Math.abs(Math.trunc(n)).toString(16);
    else body = String(Math.abs(n));
    body = (n < 0 ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '') + body;
  } else {
    body = String(value ?? '');
    if (precisionText !== undefined) body = body.slice(0, Number(precisionText));
  }
  const width = Number(widthText ?? 0);
  if (body.length >= width) return body;
  const fill = fillChar ?? (zero ? '0' : ' ');
  const align = alignChar ?? (zero && numeric ? '=' : numeric ? '>' : '<');
  const pad = width - body.length;
  if (align === '<') return body + fill.repeat(pad);
  if (align === '>') return fill.repeat(pad) + body;
  if (align === '^') return fill.repeat(Math.floor(pad / 2)) + body + fill.repeat(Math.ceil(pad / 2));
  const signPart = /^[+\- ]/.test(body) ? body[0] : '';
  return signPart + fill.repeat(pad) + body.slice(signPart.length);
}
