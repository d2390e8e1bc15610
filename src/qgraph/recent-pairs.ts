/**
 * A small direct-mapped memory of recent (producer, consumer) pairs. A consumer often reads several
 * datasets of one producer (calexp, calexpBackground, src…), which makes the same quantum pair several
 * times in a row; skipping those repeats here keeps the raw pair arrays near their final size. Exactness
 * does not depend on it: the pairs are deduplicated at the end anyway.
 */
export class RecentPairs {
  private readonly producers: Int32Array;
  private readonly consumers: Int32Array;
  private readonly mask: number;

  /** @param slots a power of two. @default 65536 */
  constructor(slots = 1 << 16) {
    this.producers = new Int32Array(slots).fill(-1);
    this.consumers = new Int32Array(slots).fill(-1);
    this.mask = slots - 1;
  }

  /** Whether the pair was seen recently; remembers it either way. */
  seen(producer: number, consumer: number): boolean {
    const h = Math.imul(producer, 0x9e3779b1) ^ Math.imul(consumer, 0x85ebca6b);
    const slot = (h ^ (h >>> 16)) & this.mask;
    if (this.producers[slot] === producer && this.consumers[slot] === consumer) return true;
    this.producers[slot] = producer;
    this.consumers[slot] = consumer;
    return false;
  }
}
