import type { DataIdValue } from './types.js';

/** Formats one `{key:spec}` value (spec non-empty); injected so the config layer's Python format-spec rules apply. */
export type ValueFormatter = (value: string | number, spec: string) => string;

/** Looks up one template field (a dimension, or `label`, `node_number`…); undefined when absent. */
export type FieldLookup = (key: string) => DataIdValue | undefined;

/**
 * Compiles a Python `str.format`-style template such as `{tract}_{patch}_{band}_{visit}` (as ctrl_bps
 * uses `templateDataId` and `clusterTemplate` with `format_map` over a defaultdict) into a function of
 * a field lookup: a missing field becomes "", `{{` and `}}` are literal braces. Compiled once per
 * template, then called for every quantum, so the template is never re-scanned.
 */
export function compileTemplate(template: string, format: ValueFormatter): (lookup: FieldLookup) => string {
  const parts: Array<string | { readonly key: string; readonly spec: string }> = [];
  const pattern = /\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_.]*)(?::([^}]*))?\}/g;
  let literal = '';
  let last = 0;
  for (const match of template.matchAll(pattern)) {
    literal += template.slice(last, match.index);
    last = match.index + match[0].length;
    if (match[1] === undefined) {
      literal += match[0][0];
      continue;
    }
    parts.push(literal, { key: match[1], spec: match[2] ?? '' });
    literal = '';
  }
  parts.push(literal + template.slice(last));
  return (lookup) => {
    let text = '';
    for (const part of parts) {
      if (typeof part === 'string') text += part;
      else {
        const value = lookup(part.key);
        if (value !== undefined) text += part.spec === '' ? String(value) : format(value, part.spec);
      }
    }
    return text;
  };
}

/** The field names a template uses, e.g. to know whether a name depends on `node_number`. */
export function templateFields(template: string): Set<string> {
  const fields = new Set<string>();
  for (const match of template.matchAll(/\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_.]*)(?::[^}]*)?\}/g)) if (match[1] !== undefined) fields.add(match[1]);
  return fields;
}
