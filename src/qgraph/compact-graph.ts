import { formatUuid } from './hex.js';
import type { DataId, DataIdValue, QuantumGraph } from './types.js';

/**
 * Data IDs shared between quanta: a quantum points at a record (its whole data ID, interned), a record
 * is a list of cells, a cell a (dimension, value) pair. isr, characterizeImage and calibrate of one
 * detector print the same cells, so a million quanta need far fewer records, and a record costs a few
 * Uint32 no matter how many quanta share it.
 */
export interface DataIdTables {
  /** Per record, its cells are `cells[start[r]] … cells[start[r + 1] − 1]`. */
  readonly start: Uint32Array;
  readonly cells: Uint32Array;
  /** Per record, its dimension names in order (one array per distinct key list, shared). */
  readonly keys: ReadonlyArray<readonly string[]>;
  /** Per cell, its value. */
  readonly values: readonly DataIdValue[];
}

/** Everything a {@link CompactQuantumGraph} is made of; built by the dot parser or {@link quantumGraphFromQuanta}. */
export interface CompactGraphParts {
  readonly labels: readonly string[];
  readonly labelOf: Uint16Array;
  /** Four big-endian words of each quantum's UUID. */
  readonly idWords: Uint32Array;
  /** Ids that are not UUIDs (v23's integer NodeIds), by quantum; their words are 0. */
  readonly otherIds: ReadonlyMap<number, string>;
  /** Per quantum, its data-ID record. */
  readonly recordOf: Uint32Array;
  readonly dataIds: DataIdTables;
  readonly edgeFrom: Uint32Array;
  readonly edgeTo: Uint32Array;
}

/** The {@link QuantumGraph} over typed arrays; see {@link CompactGraphParts}. */
export class CompactQuantumGraph implements QuantumGraph {
  readonly size: number;
  readonly labels: readonly string[];
  readonly labelOf: Uint16Array;
  readonly edgeFrom: Uint32Array;
  readonly edgeTo: Uint32Array;
  private readonly parts: CompactGraphParts;

  constructor(parts: CompactGraphParts) {
    this.parts = parts;
    this.size = parts.labelOf.length;
    this.labels = parts.labels;
    this.labelOf = parts.labelOf;
    this.edgeFrom = parts.edgeFrom;
    this.edgeTo = parts.edgeTo;
  }

  id(q: number): string {
    this.check(q);
    return this.parts.otherIds.get(q) ?? formatUuid(this.parts.idWords, 4 * q);
  }

  dataId(q: number): DataId {
    this.check(q);
    const { start, cells, keys, values } = this.parts.dataIds;
    const record = this.parts.recordOf[q] as number;
    const names = keys[record] as readonly string[];
    const dataId: Record<string, DataIdValue> = {};
    const first = start[record] as number;
    for (let i = 0; i < names.length; i += 1) dataId[names[i] as string] = values[cells[first + i] as number] as DataIdValue;
    return dataId;
  }

  value(q: number, dimension: string): DataIdValue | undefined {
    const { start, cells, keys, values } = this.parts.dataIds;
    const record = this.parts.recordOf[q] as number;
    const names = keys[record];
    if (names === undefined) return undefined;
    const i = names.indexOf(dimension);
    return i < 0 ? undefined : values[cells[(start[record] as number) + i] as number];
  }

  dimensions(q: number): readonly string[] {
    this.check(q);
    return this.parts.dataIds.keys[this.parts.recordOf[q] as number] as readonly string[];
  }

  private check(q: number): void {
    if (!(q >= 0 && q < this.size)) throw new RangeError(`no quantum ${q} in a graph of ${this.size}`);
  }
}
