/**
 * Python `repr()` of the values the real stack prints: strings get Python's quoting rules (single
 * quotes unless the text holds a single quote and no double quote), numbers print as they are.
 * Logs and dot files show `run: 'u/me/run'` and data IDs `{instrument: 'LSSTCam-imSim', detector: 94}`.
 */
export function pyRepr(value: string | number | boolean | null): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of value) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else out += ch;
  }
  return `${quote}${out}${quote}`;
}

/** A data ID as `DataCoordinate.__repr__` prints it since w.2023.47: `{k: repr(v), …}` in the given key order. */
export function formatDataId(dataId: Readonly<Record<string, string | number>>): string {
  const parts = Object.entries(dataId).map(([key, value]) => `${key}: ${pyRepr(value)}`);
  return `{${parts.join(', ')}}`;
}
