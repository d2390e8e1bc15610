/**
 * Recognizers for the v30 lines that make up nearly all of a big dot file (docs/ARCHITECTURE.md, "Reading the QuantumGraph"),
 * working on the file's bytes so that no string is made for an edge or a dataset node:
 *
 *   "u<32 hex>" -> "u<32 hex>";
 *   "u<32 hex>" [… label=<<TABLE …><TR><TD>cell0</TD></TR><TR><TD>cell1…</TD></TR></TABLE>>];
 *
 * They only say where things are. Whatever they do not accept exactly goes to the general string parser
 * (dot-line.ts), which gives the same result, so they can be strict without losing anything.
 */

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const LABEL_HTML = ascii('label=<<TABLE');
const TD = ascii('<TD>');
/** Between two cells of an HTML label. */
export const CELL_SEPARATOR = ascii('</TD></TR><TR><TD>');
/** After the last cell. */
const TABLE_END = ascii('</TD></TR></TABLE>>];');
/** Length of `"u` + 32 hex + `"`. */
const NAME_LENGTH = 35;
/** Length of a whole v30 edge line. */
export const EDGE_LINE_LENGTH = 75;

/** Whether `needle` is at `bytes[at…]`. */
export function bytesAt(bytes: Uint8Array, at: number, needle: Uint8Array): boolean {
  for (let i = 0; i < needle.length; i += 1) if (bytes[at + i] !== needle[i]) return false;
  return true;
}

/** First index ≥ from and < to where `needle` starts, or -1. */
export function indexIn(bytes: Uint8Array, needle: Uint8Array, from: number, to: number): number {
  const first = needle[0] as number;
  outer: for (let i = from, last = to - needle.length; i <= last; i += 1) {
    if (bytes[i] !== first) continue;
    for (let k = 1; k < needle.length; k += 1) if (bytes[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

/** Whether the line has the exact shape `"u…" -> "u…";` (the hex digits are checked when read). */
export function isEdgeLine(bytes: Uint8Array, start: number, end: number): boolean {
  return (
    end - start === EDGE_LINE_LENGTH &&
    bytes[start + 1] === 117 && bytes[start + 34] === 34 && bytes[start + 35] === 32 && bytes[start + 36] === 45 &&
    bytes[start + 37] === 62 && bytes[start + 38] === 32 && bytes[start + 39] === 34 && bytes[start + 40] === 117 &&
    bytes[start + 73] === 34 && bytes[start + 74] === 59
  );
}

/** Where the target's 32 hex digits start in an edge line. */
export const EDGE_TARGET_HEX = 41;

/**
 * Where the parts of a v30 node line are, filled in by {@link matchNodeLine}. For a dataset only
 * `quantum` (false) is meaningful.
 */
export class NodeLineMatch {
  quantum = false;
  /** Start of the 36-character UUID cell. */
  uuidAt = 0;
  /** The task-label cell: [labelStart, labelEnd); labelEnd === -1 when the label has only the UUID cell. */
  labelStart = 0;
  labelEnd = 0;
  /** The data-ID cells with their separators: [dataStart, dataEnd); empty when the quantum has none. */
  dataStart = 0;
  dataEnd = 0;
}

/**
 * Matches a node line named `"u` + 32 hex + `"` with an HTML label: a dataset when its first cell is not
 * a lower-case UUID, a quantum when it is. Returns false for anything else (plain-text labels, v23's
 * NodeId cells, odd spacing), which the general parser handles.
 */
export function matchNodeLine(bytes: Uint8Array, start: number, end: number, out: NodeLineMatch): boolean {
  if (bytes[start + 1] !== 117 || bytes[start + NAME_LENGTH - 1] !== 34 || bytes[start + NAME_LENGTH] !== 32 || bytes[start + NAME_LENGTH + 1] !== 91) return false;
  if (bytes[end - 2] !== 93 || bytes[end - 1] !== 59) return false;
  const label = indexIn(bytes, LABEL_HTML, start + NAME_LENGTH + 2, end);
  if (label < 0) return false;
  const td = indexIn(bytes, TD, label + LABEL_HTML.length, end);
  const tableEnd = end - TABLE_END.length;
  if (td < 0 || !bytesAt(bytes, tableEnd, TABLE_END) || td + TD.length > tableEnd) return false;
  const cell0 = td + TD.length;
  if (!isUuidCell(bytes, cell0, tableEnd)) {
    // v23's `NodeId(number=N, …)` first cell names a quantum too: leave it to the general parser.
    if (bytesAt(bytes, cell0, NODE_ID)) return false;
    out.quantum = false;
    return true;
  }
  out.quantum = true;
  out.uuidAt = cell0;
  if (cell0 + 36 === tableEnd) {
    out.labelEnd = -1;
    return true;
  }
  out.labelStart = cell0 + 36 + CELL_SEPARATOR.length;
  const next = indexIn(bytes, CELL_SEPARATOR, out.labelStart, tableEnd);
  out.labelEnd = next < 0 ? tableEnd : next;
  out.dataStart = next < 0 ? tableEnd : next + CELL_SEPARATOR.length;
  out.dataEnd = tableEnd;
  return true;
}

const NODE_ID = ascii('NodeId(');

/** A lower-case 8-4-4-4-12 UUID that is the whole cell (followed by a separator or the table's end). */
function isUuidCell(bytes: Uint8Array, at: number, tableEnd: number): boolean {
  if (at + 36 > tableEnd) return false;
  if (at + 36 !== tableEnd && !bytesAt(bytes, at + 36, CELL_SEPARATOR)) return false;
  for (let i = 0; i < 36; i += 1) {
    const c = bytes[at + i] as number;
    const dash = i === 8 || i === 13 || i === 18 || i === 23;
    if (dash ? c !== 45 : !((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}
