/** A seeded pseudo-random generator returning floats in [0, 1). */
export type Rng = () => number;

/**
 * Creates a seeded generator (mulberry32): the same seed gives the same sequence on every machine.
 * @param seed - any integer; only its low 32 bits are used.
 * @returns a function that returns the next float in [0, 1).
 * @example
 * const rand = rng(42); rand(); // 0.6011037519201636
 */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws a standard normal value from `rand` (Box–Muller).
 * @example
 * const rand = rng(1); normal(rand)
 */
export function normal(rand: Rng): number {
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Returns a seeded permutation of 0..n-1 (Fisher–Yates).
 * @example
 * permutation(5, rng(1)) // Int32Array of 0…4 in a seeded order
 */
export function permutation(n: number, rand: Rng): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = out[i]; out[i] = out[j]; out[j] = t;
  }
  return out;
}

/**
 * Minibatches of `size` indices drawn without replacement from 0..n-1: a seeded permutation is
 * walked in order and drawn anew (with `rand`) when fewer than `size` indices are left, which are
 * skipped. The first permutation is drawn at once.
 * @returns the next batch, a view into the current permutation.
 * @example
 * const next = shuffledBatches(1000, 32, rng(1)); next() // Int32Array of 32 indices
 */
export function shuffledBatches(n: number, size: number, rand: Rng): () => Int32Array {
  let order = permutation(n, rand);
  let cursor = 0;
  return () => {
    if (cursor + size > n) {
      order = permutation(n, rand);
      cursor = 0;
    }
    const batch = order.subarray(cursor, cursor + size);
    cursor += size;
    return batch;
  };
}
