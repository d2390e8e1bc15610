/**
 * 128-bit identifiers as four 32-bit words: v30 node names (`u` + 32 hex digits) and quantum UUIDs
 * (8-4-4-4-12), read straight from the file's bytes so that no string is made per node or edge.
 */

/** Value of each ASCII hex digit (either case), -1 for any other byte. */
export const HEX_VALUE: Int8Array = (() => {
  const table = new Int8Array(256).fill(-1);
  for (let i = 0; i < 10; i += 1) table[48 + i] = i;
  for (let i = 0; i < 6; i += 1) {
    table[65 + i] = 10 + i;
    table[97 + i] = 10 + i;
  }
  return table;
})();

/**
 * The value of two hex digits at once, indexed by `first << 8 | second`, -1 when either is not one:
 * halves the work of reading the 64 digits of every edge line (128 KiB, it stays in cache).
 */
export const HEX_PAIR_VALUE: Int16Array = (() => {
  const table = new Int16Array(1 << 16).fill(-1);
  for (let a = 0; a < 256; a += 1) {
    for (let b = 0; b < 256; b += 1) {
      const [high, low] = [HEX_VALUE[a] as number, HEX_VALUE[b] as number];
      if (high >= 0 && low >= 0) table[(a << 8) | b] = high * 16 + low;
    }
  }
  return table;
})();

/** As HEX_VALUE, but only lower-case digits: pipetask prints ids lower-case, and others keep their spelling. */
export const LOWER_HEX_VALUE: Int8Array = (() => {
  const table = HEX_VALUE.slice();
  for (let i = 0; i < 6; i += 1) table[65 + i] = -1;
  return table;
})();

/** Where the 32 hex digits of a UUID sit in its 36-character 8-4-4-4-12 spelling. */
const UUID_DIGIT_AT: Uint8Array = (() => {
  const at = new Uint8Array(32);
  let k = 0;
  for (let i = 0; i < 36; i += 1) if (i !== 8 && i !== 13 && i !== 18 && i !== 23) at[k++] = i;
  return at;
})();

/**
 * Reads 32 hex digits at `bytes[start…]` into `out[outAt…outAt+3]` (big-endian words). Returns false,
 * leaving `out` partly written, when a byte is not a hex digit.
 */
export function readHex128(bytes: ArrayLike<number>, start: number, out: Uint32Array, outAt: number): boolean {
  for (let w = 0; w < 4; w += 1) {
    let word = 0;
    for (let i = start + w * 8, end = i + 8; i < end; i += 1) {
      const digit = HEX_VALUE[bytes[i] as number] as number;
      if (digit < 0) return false;
      word = (word << 4) | digit;
    }
    out[outAt + w] = word >>> 0;
  }
  return true;
}

/**
 * As {@link readHex128}, for a 36-character UUID with its dashes, lower-case only (an upper-case one is
 * kept as text, so that its spelling survives); false when it is not one.
 */
export function readUuid(bytes: ArrayLike<number>, start: number, out: Uint32Array, outAt: number): boolean {
  if (bytes[start + 8] !== 45 || bytes[start + 13] !== 45 || bytes[start + 18] !== 45 || bytes[start + 23] !== 45) return false;
  for (let w = 0; w < 4; w += 1) {
    let word = 0;
    for (let k = w * 8; k < w * 8 + 8; k += 1) {
      const digit = LOWER_HEX_VALUE[bytes[start + (UUID_DIGIT_AT[k] as number)] as number] as number;
      if (digit < 0) return false;
      word = (word << 4) | digit;
    }
    out[outAt + w] = word >>> 0;
  }
  return true;
}

/** The UTF-16 code units of a short string, as the byte readers take them (non-ASCII ones fail their checks). */
function codes(text: string): Uint16Array {
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i += 1) units[i] = Math.min(text.charCodeAt(i), 255);
  return units;
}

/** {@link readUuid} on a string. */
export function readUuidText(text: string, out: Uint32Array, outAt: number): boolean {
  return text.length === 36 && readUuid(codes(text), 0, out, outAt);
}

/** {@link readHex128} on a v30 node name (`u` + 32 hex digits); false for any other name. */
export function readNodeNameText(name: string, out: Uint32Array, outAt: number): boolean {
  return name.length === 33 && name.charCodeAt(0) === 117 /* u */ && readHex128(codes(name), 1, out, outAt);
}

const HEX8 = (word: number) => (word >>> 0).toString(16).padStart(8, '0');

/** The 8-4-4-4-12 lower-case spelling of four words. */
export function formatUuid(words: Uint32Array, at: number): string {
  const hex = HEX8(words[at] as number) + HEX8(words[at + 1] as number) + HEX8(words[at + 2] as number) + HEX8(words[at + 3] as number);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The v30 node name (`u` + 32 hex digits) of four words. */
export function formatNodeName(words: Uint32Array, at: number): string {
  return `u${HEX8(words[at] as number)}${HEX8(words[at + 1] as number)}${HEX8(words[at + 2] as number)}${HEX8(words[at + 3] as number)}`;
}

/** A well-mixed 32-bit hash of four words (v7 UUIDs share their leading timestamp bits, so all are mixed in). */
export function hash128(w0: number, w1: number, w2: number, w3: number): number {
  let h = Math.imul(w3 ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ w2 ^ (h >>> 16), 0xc2b2ae35);
  h = Math.imul(h ^ w1 ^ (h >>> 13), 0x27d4eb2f);
  h = Math.imul(h ^ w0 ^ (h >>> 16), 0x165667b1);
  return (h ^ (h >>> 15)) >>> 0;
}
