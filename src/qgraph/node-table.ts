import { formatNodeName, hash128, HEX_VALUE, readNodeNameText } from './hex.js';

/** `state` of a node seen in an edge but not defined (yet). */
export const UNDEFINED = -2;
/** `state` of a dataset whose producer is not known (yet). */
export const NO_PRODUCER = -1;
/** `state` of quantum q is `QUANTUM_BASE - q`; of a dataset, its producer quantum (≥ 0) or NO_PRODUCER. */
export const QUANTUM_BASE = -3;

/**
 * Every node of the dot file (quanta and datasets) by name, as a dense index with one Int32 of state.
 *
 * v30 names are `u` + 32 hex digits: they are keyed by their 128-bit value in an open-addressing table
 * over typed arrays (16 bytes of key per node, 4 per slot, at most half the slots used), never as
 * strings: a million-quantum file has some seven million nodes, which as a Map of strings cost most of
 * the 2.2 GiB the first parser peaked at. Other names (v23–v29 `task_i_j`, `dsref_N`) go to a Map;
 * those graphs are small.
 */
export class NodeTable {
  /** The node count; nodes are 0 … count − 1 in order of first mention. */
  count = 0;
  /** Per node: see UNDEFINED, NO_PRODUCER, QUANTUM_BASE. */
  state = new Int32Array(1024);
  /** The 128-bit key of each hex-named node (4 words per node; unused for other names). */
  private words = new Uint32Array(4 * 1024);
  /** Open addressing, linear probing: node index + 1, 0 = empty. */
  private slots = new Int32Array(2048);
  private hexCount = 0;
  private named = new Map<string, number>();
  private readonly scratch = new Uint32Array(4);

  /** The node named by the 32 hex digits at `bytes[start…]`, created UNDEFINED if new; -1 if they are not hex. */
  hexNode(bytes: Uint8Array, start: number): number {
    const key = this.scratch;
    for (let w = 0; w < 4; w += 1) {
      let word = 0;
      for (let i = start + w * 8, end = i + 8; i < end; i += 1) {
        const digit = HEX_VALUE[bytes[i] as number] as number;
        if (digit < 0) return -1;
        word = (word << 4) | digit;
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

  /** The name of a node, for error messages (a linear search for non-hex names: errors only). */
  nameOf(node: number): string {
    for (const [name, index] of this.named) if (index === node) return name;
    return formatNodeName(this.words, 4 * node);
  }

  /** Drops the name index once the file is read; `state` stays. */
  releaseNames(): void {
    this.words = new Uint32Array(0);
    this.slots = new Int32Array(0);
    this.named = new Map();
  }

  private keyNode(w0: number, w1: number, w2: number, w3: number): number {
    const words = this.words;
    const mask = this.slots.length - 1;
    let slot = hash128(w0, w1, w2, w3) & mask;
    for (;;) {
      const entry = this.slots[slot] as number;
      if (entry === 0) break;
      const at = 4 * (entry - 1);
      if (words[at] === w0 && words[at + 1] === w1 && words[at + 2] === w2 && words[at + 3] === w3) return entry - 1;
      slot = (slot + 1) & mask;
    }
    const node = this.append();
    const at = 4 * node;
    this.words[at] = w0;
    this.words[at + 1] = w1;
    this.words[at + 2] = w2;
    this.words[at + 3] = w3;
    this.hexCount += 1;
    if (2 * this.hexCount > this.slots.length) {
      this.rehash(this.slots.length * 2);
    } else {
      this.slots[slot] = node + 1;
    }
    return node;
  }

  private append(): number {
    const node = this.count;
    if (node === this.state.length) {
      const grown = new Int32Array(node * 2);
      grown.set(this.state);
      this.state = grown;
      const words = new Uint32Array(node * 8);
      words.set(this.words);
      this.words = words;
    }
    this.state[node] = UNDEFINED;
    this.count += 1;
    return node;
  }

  /** Rebuilds the slots from the words of every hex-named node (named nodes were never in them). */
  private rehash(capacity: number): void {
    const old = this.slots;
    const slots = new Int32Array(capacity);
    const mask = capacity - 1;
    const words = this.words;
    const place = (node: number) => {
      const at = 4 * node;
      let slot = hash128(words[at] as number, words[at + 1] as number, words[at + 2] as number, words[at + 3] as number) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = node + 1;
    };
    for (const entry of old) if (entry !== 0) place(entry - 1);
    // The node being inserted is not in the old slots yet: it is the last one appended.
    place(this.count - 1);
    this.slots = slots;
  }
}
