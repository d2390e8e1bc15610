import type { DataIdTables } from './compact-graph.js';
import { GrowableUint32 } from './growable.js';
import type { DataIdValue } from './types.js';

/** A data ID as (dimension, value) pairs in order. */
export type DataIdPairs = ReadonlyArray<readonly [string, DataIdValue]>;

/**
 * Collects quanta one by one into the compact tables of a {@link CompactQuantumGraph}: UUIDs as four
 * words, labels and data IDs interned. Used by the dot parser and by quantumGraphFromQuanta.
 */
export class QuantumStore {
  /** Quanta added so far. */
  count = 0;
  private idWords = new Uint32Array(4 * 1024);
  private readonly otherIds = new Map<number, string>();
  private readonly labelIndex = new Map<string, number>();
  private readonly labelNames: string[] = [];
  private readonly labelOf = new GrowableUint32();
  private readonly recordOf = new GrowableUint32();
  private recordIndex = new Map<string, number>();
  private readonly recordStart = new GrowableUint32();
  private readonly recordCells = new GrowableUint32();
  private readonly recordKeys: Array<readonly string[]> = [];
  private keyLists = new Map<string, readonly string[]>();
  private cellIndex = new Map<string, number>();
  private readonly values: DataIdValue[] = [];

  constructor() {
    this.recordStart.push(0);
  }

  /**
   * Adds a quantum: its UUID as four words at `words[at…]`, or `otherId` for an id that is not a UUID;
   * `label` from {@link label}, `record` from {@link record}. Returns its index.
   */
  add(words: Uint32Array | null, at: number, otherId: string | null, label: number, record: number): number {
    const q = this.count;
    if (4 * q === this.idWords.length) {
      const grown = new Uint32Array(this.idWords.length * 2);
      grown.set(this.idWords);
      this.idWords = grown;
    }
    if (words !== null) {
      this.idWords[4 * q] = words[at] as number;
      this.idWords[4 * q + 1] = words[at + 1] as number;
      this.idWords[4 * q + 2] = words[at + 2] as number;
      this.idWords[4 * q + 3] = words[at + 3] as number;
    } else this.otherIds.set(q, detach(otherId ?? ''));
    this.labelOf.push(label);
    this.recordOf.push(record);
    this.count += 1;
    return q;
  }

  /** The index of a task label, interned. */
  label(text: string): number {
    let index = this.labelIndex.get(text);
    if (index === undefined) {
      index = this.labelNames.push(detach(text)) - 1;
      this.labelIndex.set(text, index);
    }
    return index;
  }

  /** Task labels in order of first appearance. */
  get labels(): readonly string[] {
    return this.labelNames;
  }

  /**
   * The record of a data ID, interned by `key` (any text that identifies it, e.g. the raw cells); `pairs`
   * is called only for a new key. Returns -1 when `pairs` returns null (a malformed data ID).
   */
  record(key: string, pairs: () => DataIdPairs | null): number {
    const known = this.recordIndex.get(key);
    if (known !== undefined) return known;
    const list = pairs();
    if (list === null) return -1;
    for (const [name, value] of list) this.recordCells.push(this.cell(name, value));
    this.recordStart.push(this.recordCells.length);
    const names = list.map(([name]) => name);
    const joined = names.join('\u0000');
    let shared = this.keyLists.get(joined);
    if (shared === undefined) this.keyLists.set(joined, (shared = Object.freeze(names.map(detach))));
    const record = this.recordKeys.push(shared) - 1;
    // Keys are fresh strings (decoded from the file's bytes, or joined), never slices of a bigger one.
    this.recordIndex.set(key, record);
    return record;
  }

  private cell(name: string, value: DataIdValue): number {
    const key = `${name}\u0000${typeof value === 'number' ? 'n' : 's'}${value}`;
    let cell = this.cellIndex.get(key);
    if (cell === undefined) {
      cell = this.values.push(typeof value === 'string' ? detach(value) : value) - 1;
      this.cellIndex.set(key, cell);
    }
    return cell;
  }

  /** Hands over the tables; the interning maps are dropped (the store is done). */
  finish(): { labelOf: GrowableUint32; idWords: Uint32Array; otherIds: ReadonlyMap<number, string>; recordOf: Uint32Array; dataIds: DataIdTables } {
    this.recordIndex = new Map();
    this.cellIndex = new Map();
    this.keyLists = new Map();
    return {
      labelOf: this.labelOf,
      idWords: this.idWords.slice(0, 4 * this.count),
      otherIds: this.otherIds,
      recordOf: this.recordOf.toArray(),
      dataIds: { start: this.recordStart.toArray(), cells: this.recordCells.toArray(), keys: this.recordKeys, values: this.values },
    };
  }
}

/** `key = value` cells → pairs; all-digit values (shorter than 16 digits) become numbers; null if a cell is not `k = v`. */
export function parseDataIdCells(cells: readonly string[]): DataIdPairs | null {
  const pairs: Array<readonly [string, DataIdValue]> = [];
  for (const cell of cells) {
    const eq = cell.indexOf(' = ');
    if (eq <= 0) return null;
    const value = cell.slice(eq + 3);
    pairs.push([cell.slice(0, eq), /^-?\d+$/.test(value) && value.length < 16 ? Number(value) : value]);
  }
  return pairs;
}

/**
 * A copy of a string that does not point into the larger string it was sliced from. V8 keeps slices of
 * 13 or more characters as views on their parent, so a kept slice would pin a whole 1 MiB read chunk.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}
