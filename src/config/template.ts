import { formatWithSpec } from './format-spec.js';

// `{{`, `}}`, a protected `${ENV}`, or `{name}` / `{name:spec}` (Python str.format fields, names only).
const TOKEN = /\{\{|\}\}|\$\{[^{}]*\}|\{([A-Za-z_][A-Za-z0-9_]*)(?::([^{}]*))?\}/g;
const WHOLE = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/**
 * Replaces `{name}` and `{name:spec}` fields in one pass, as Python's `str.format` does for ctrl_bps:
 * `{{` / `}}` are literal braces, `${ENV}` is left for the environment, names in `skip` stay as written (`{name}`)
 * for a later stage, and braces that do not form a field (shell `{a,b}`, JSON) are kept as written.
 * Substituted values are not scanned again. `lookup` returns a field's already resolved value.
 * A text that is exactly one field whose value is a number or boolean returns that value, typed.
 */
export function replaceFields(text: string, lookup: (name: string) => unknown, skip: ReadonlySet<string>): unknown {
  const whole = WHOLE.exec(text);
  if (whole && !skip.has(whole[1] as string)) {
    const value = lookup(whole[1] as string);
    return typeof value === 'number' || typeof value === 'boolean' ? value : stringifyValue(value);
  }
  return text.replace(TOKEN, (token, name: string | undefined, spec: string | undefined) => {
    if (token === '{{') return '{';
    if (token === '}}') return '}';
    if (name === undefined || skip.has(name)) return token;
    const value = lookup(name);
    return spec === undefined ? stringifyValue(value) : formatWithSpec(value, spec, name);
  });
}

/** True when a text holds anything {@link replaceFields} would change. */
export function hasFields(text: string): boolean {
  return text.includes('{') || text.includes('}');
}

/**
 * A value as text inside a command: booleans as Python prints them (ctrl_bps parity), lists joined with
 * commas (what pipetask expects of `-i a,b`), nothing for null.
 */
export function stringifyValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (Array.isArray(value)) return value.map(stringifyValue).join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
