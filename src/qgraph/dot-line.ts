/**
 * Reading one line of a pipetask `--qgraph-dot` export, in any of its three generations
 * (docs/ARCHITECTURE.md, "Reading the QuantumGraph"): node lines `"name" [attr=..., label=...];` and edge lines
 * `"a" -> "b";`. Quanta are told apart from datasets by their label's first cell (a UUID, or v23's
 * `NodeId(number=N, …)`), never by node names, which differ between versions.
 */

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const HTML_CELL_SEPARATOR = '</TD></TR><TR><TD>';

export type DotLine =
  | { readonly kind: 'node'; readonly name: string; readonly cells: readonly string[] | null }
  | { readonly kind: 'edge'; readonly from: string; readonly to: string }
  | { readonly kind: 'other' }
  | { readonly kind: 'bad' };

/** Classifies a line; node cells are extracted only as far as needed to tell a quantum from a dataset. */
export function parseDotLine(line: string): DotLine {
  if (line.charCodeAt(0) !== 34 /* " */) return { kind: 'other' };
  const nameEnd = line.indexOf('"', 1);
  if (nameEnd < 0) return { kind: 'bad' };
  const name = line.slice(1, nameEnd);
  if (line.startsWith(' -> "', nameEnd + 1)) {
    const toStart = nameEnd + 6;
    const toEnd = line.indexOf('"', toStart);
    if (toEnd < 0 || !line.startsWith(';', toEnd + 1)) return { kind: 'bad' };
    return { kind: 'edge', from: name, to: line.slice(toStart, toEnd) };
  }
  if (!line.startsWith(' [', nameEnd + 1) || !line.endsWith('];')) return { kind: 'bad' };
  return { kind: 'node', name, cells: labelCells(line) };
}

/** The label's cells, or null when the node has no label. */
function labelCells(line: string): string[] | null {
  const html = line.indexOf('label=<<TABLE');
  if (html >= 0) {
    const first = line.indexOf('<TD>', html);
    const last = line.lastIndexOf('</TD></TR></TABLE>>');
    if (first < 0 || last < first) return null;
    return line.slice(first + 4, last).split(HTML_CELL_SEPARATOR).map(unescapeHtml);
  }
  const plain = line.indexOf('label="');
  if (plain >= 0) {
    const end = line.lastIndexOf('"]');
    const body = end > plain ? line.slice(plain + 7, end) : line.slice(plain + 7, line.lastIndexOf('"'));
    return body.split('\\n').map((cell) => cell.replace(/\\"/g, '"'));
  }
  return null;
}

/** Whether a label's first cell names a quantum (a UUID, or the v23 integer `NodeId(…)`). */
export function quantumIdOf(cell0: string | undefined): string | null {
  if (cell0 === undefined) return null;
  if (cell0.length === 36 && UUID.test(cell0)) return cell0;
  const nodeId = /^NodeId\(number=(\d+)/.exec(cell0);
  return nodeId ? (nodeId[1] as string) : null;
}

/** Undoes the escaping of `html.escape` in a label cell. */
export function unescapeHtml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(lt|gt|amp|quot|#x27|#39);/g, (_m, entity: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', '#x27': "'", '#39': "'" })[entity] ?? _m);
}
