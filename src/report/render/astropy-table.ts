/**
 * A table laid out the way ctrl_bps prints them (astropy `Table.pformat`): headers centred, values
 * right-aligned (or left for `leftColumns`), one space between columns, a dashed rule under the header.
 * `rules` lists row indexes after which the dashed rule is repeated (ctrl_bps repeats it after TOTAL).
 */
export function renderAstropyTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, options: { leftColumns?: readonly number[]; rules?: readonly number[] } = {}): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const left = new Set(options.leftColumns ?? []);
  const center = (text: string, width: number) => {
    const pad = width - text.length;
    return ' '.repeat(Math.floor(pad / 2)) + text + ' '.repeat(Math.ceil(pad / 2));
  };
  const rule = widths.map((w) => '-'.repeat(w)).join(' ');
  const lines = [headers.map((h, c) => (left.has(c) ? h.padEnd(widths[c] as number) : center(h, widths[c] as number))).join(' '), rule];
  rows.forEach((row, i) => {
    lines.push(row.map((cell, c) => (left.has(c) ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number))).join(' '));
    if (options.rules?.includes(i)) lines.push(rule);
  });
  return lines.map((l) => l.trimEnd()).join('\n');
}
