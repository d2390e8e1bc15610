import { formatNodeName, hash128, HEX_PAIR_VALUE, readNodeNameText } from './hex.js';

/** `state` of a node seen in an edge but not defined (yet). */
export const UNDEFINED = -2;
/** `state` of a dataset whose producer is not known (yet). */
export const NO_PRODUCER = -1;
/** `state` of quantum q is `QUANTUM_BASE - q`; of a dataset, its producer quantum (≥ 0) or NO_PRODUCER. */
export const QUANTUM_BASE = -3;

/** Words per slot of the hash table: the 128-bit key, then node index + 1 (0 = empty). */
const SLOT = 5;

/**
 * Every node of the dot file (quanta and datasets) by name, as a dense index with one Int32 of state.
 *
 * v30 names are `u` + 32 hex digits: they are keyed by their 128-bit value in an open-addressing table
 * over one Uint32Array (key and node index side by side, so a probe touches one cache line; at most
 * 2/3 of the slots used), never as strings: a million-quantum file has some five million nodes, which as
 * a Map of strings cost most of the 2.2 GiB the first parser peaked at. Other names (v23–v29
 * `task_i_j`, `dsref_N`) go to a Map; those graphs are small.
 */
export class NodeTable {
  /** The node count; nodes are 0 … count − 1 in order of first mention. */
  count = 0;
  /** Per node: see UNDEFINED, NO_PRODUCER, QUANTUM_BASE. */
  state = new Int32Array(1024);
  private table = new Uint32Array(SLOT * 1024);
  private mask = 1023;
  private hexCount = 0;
  private named = new Map<string, number>();
  private readonly scratch = new Uint32Array(4);

  /** The node named by the 32 hex digits at `bytes[start…]`, created UNDEFINED if new; -1 if they are not hex. */
  hexNode(bytes: Uint8Array, start: number): number {
    const key = this.scratch;
    for (let w = 0; w < 4; w += 1) {
      let word = 0;
      for (let i = start + w * 8, end = i + 8; i < end; i += 2) {
        const pair = HEX_PAIR_VALUE[((bytes[i] as number) << 8) | (bytes[i + 1] as number)] as number;
        if (pair < 0) return -1;
        word = (word << 8) | pair;
      }
      key[w] = word;
    }
    return this.keyNode(key[0] as number, key[1] as number, key[2] as number, key[3] as number);
  }

  /** The node with this name (any generation), created UNDEFINED if new. */
  nameNode(name: string): number {
    const key = this.scratch;
    if (readNodeNameText(name, key, 0)) return this.keyNode(key[0] as number, key[1] as number, key[2] as number, key[3] as number);
    let node = this.named.get(name);
    if (node === undefined) {
      node = this.append();
      this.named.set(name, node);
    }
    return node;
  }

  /** The name of a node, for error messages (a linear search: errors only). */
  nameOf(node: number): string {
    for (const [name, index] of this.named) if (index === node) return name;
    for (let at = 0; at < this.table.length; at += SLOT) if (this.table[at + 4] === node + 1) return formatNodeName(this.table, at);
    return `#${node}`;
  }

  /** Drops the name index once the file is read; `state` stays. */
  releaseNames(): void {
    this.table = new Uint32Array(0);
    this.named = new Map();
  }

  /** The node of a 128-bit key (unsigned words), created if new. */
  private keyNode(w0: number, w1: number, w2: number, w3: number): number {
    const table = this.table;
    let slot = hash128(w0, w1, w2, w3) & this.mask;
    for (;;) {
      const at = slot * SLOT;
      const entry = table[at + 4] as number;
      if (entry === 0) break;
      if (table[at] === w0 && table[at + 1] === w1 && table[at + 2] === w2 && table[at + 3] === w3) return entry - 1;
      slot = (slot + 1) & this.mask;
    }
    const node = this.append();
    this.place(table, this.mask, w0, w1, w2, w3, node + 1);
    this.hexCount += 1;
    if (3 * this.hexCount > 2 * (this.mask + 1)) this.grow();
    return node;
  }

  private place(table: Uint32Array, mask: number, w0: number, w1: number, w2: number, w3: number, entry: number): void {
    let slot = hash128(w0, w1, w2, w3) & mask;
    while (table[slot * SLOT + 4] !== 0) slot = (slot + 1) & mask;
    const at = slot * SLOT;
    table[at] = w0;
    table[at + 1] = w1;
    table[at + 2] = w2;
    table[at + 3] = w3;
    table[at + 4] = entry;
  }

  private append(): number {
    const node = this.count;
    if (node === this.state.length) {
      const grown = new Int32Array(node * 2);
      grown.set(this.state);
      this.state = grown;
    }
    this.state[node] = UNDEFINED;
    this.count += 1;
    return node;
  }

  /** Doubles the table and places every key again. */
  private grow(): void {
    const old = this.table;
    const mask = 2 * (this.mask + 1) - 1;
    const table = new Uint32Array(SLOT * (mask + 1));
    for (let at = 0; at < old.length; at += SLOT) {
      const entry = old[at + 4] as number;
      if (entry !== 0) this.place(table, mask, old[at] as number, old[at + 1] as number, old[at + 2] as number, old[at + 3] as number, entry);
    }
    this.table = table;
    this.mask = mask;
  }
}
