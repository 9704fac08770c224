import { ConfigError } from '../errors';
import type { Rng } from '../util/random';

/**
 * A replay memory filled by reservoir sampling: after n examples have been offered, each of them
 * is in the memory with the same probability capacity / n, whatever the order they came in.
 */
export class ReservoirMemory<T> {
  private readonly items: T[] = [];
  private seen = 0;

  /**
   * @param capacity - the largest number of examples kept (the authors use 2000).
   * @param rand - a seeded generator (`rng(seed)`).
   * @throws ConfigError when capacity is not a positive integer.
   */
  constructor(readonly capacity: number, private readonly rand: Rng) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new ConfigError(`ReservoirMemory: capacity is ${capacity}: expected a positive integer.`);
  }

  /** Offers one example to the memory. */
  add(item: T): void {
    this.seen++;
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return;
    }
    const j = Math.floor(this.rand() * this.seen);
    if (j < this.capacity) this.items[j] = item;
  }

  /** Examples offered so far. */
  get offered(): number {
    return this.seen;
  }

  /** Examples held now. */
  get size(): number {
    return this.items.length;
  }

  /** `k` examples drawn uniformly with replacement from the memory (none when it is empty). */
  sample(k: number): T[] {
    if (this.items.length === 0) return [];
    return Array.from({ length: k }, () => this.items[Math.floor(this.rand() * this.items.length)]);
  }

  /** A copy of everything held. */
  contents(): T[] {
    return this.items.slice();
  }
}
