import type { DataId } from '../qgraph/types.js';

/** Formats one `{key[:spec]}` value; injected so the config layer's Python-format-spec rules apply. */
export type ValueFormatter = (value: string | number, spec: string) => string;

/**
 * Compiles a `templateDataId` such as `{tract}_{patch}_{band}_{visit}_{exposure}_{detector}` into a
 * function of a data ID. Dimensions a quantum lacks become "" and runs of `_` are collapsed, as ctrl_bps's
 * single-quantum clustering does, so an isr job is `<uuid>_isr_919515_94`, not `<uuid>_isr____919515_94`.
 * Compiled once per run: it is called for every quantum.
 */
export function compileDataIdTemplate(template: string, format: ValueFormatter): (dataId: DataId) => string {
  const parts: Array<string | { key: string; spec: string }> = [];
  const pattern = /\{([A-Za-z_][A-Za-z0-9_.]*)(?::([^}]*))?\}/g;
  let last = 0;
  for (const match of template.matchAll(pattern)) {
    parts.push(template.slice(last, match.index));
    parts.push({ key: match[1] as string, spec: match[2] ?? '' });
    last = match.index + match[0].length;
  }
  parts.push(template.slice(last));
  return (dataId) => {
    let text = '';
    for (const part of parts) {
      if (typeof part === 'string') text += part;
      else {
        const value = dataId[part.key];
        if (value !== undefined) text += part.spec === '' ? String(value) : format(value, part.spec);
      }
    }
    return text;
  };
}

/** Joins name pieces with `_`, collapsing runs of `_` and trimming them at the ends. */
export function joinJobName(...pieces: string[]): string {
  return pieces.join('_').replace(/_+/g, '_').replace(/^_|_$/g, '');
}
