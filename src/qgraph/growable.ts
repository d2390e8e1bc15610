/** An append-only Uint32Array that doubles as it grows: millions of edges without millions of objects. */
export class GrowableUint32 {
  private data: Uint32Array;
  length = 0;

  constructor(initial = 1024) {
    this.data = new Uint32Array(initial);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = value;
    this.length += 1;
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  at(index: number): number {
    return this.data[index] as number;
  }

  /** The filled part, without copying (valid until the next push). */
  view(): Uint32Array {
    return this.data.subarray(0, this.length);
  }

  /** A trimmed copy. */
  toArray(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}
