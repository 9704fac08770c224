import { describe, expect, it } from 'vitest';
import { ReservoirMemory } from '../../../lib/continual/reservoir-memory';
import { rng } from '../../../lib/util/random';

describe('ReservoirMemory', () => {
  it('keeps every offered example with the same probability, whatever its position', () => {
    const n = 1000, capacity = 100, trials = 2000;
    const kept = new Array(n).fill(0);
    for (let t = 0; t < trials; t++) {
      const memory = new ReservoirMemory<number>(capacity, rng(t));
      for (let i = 0; i < n; i++) memory.add(i);
      expect(memory.size).toBe(capacity);
      for (const i of memory.contents()) kept[i]++;
    }
    // ten blocks of 100 consecutive examples: each should be kept 10% of the time
    for (let b = 0; b < 10; b++) {
      const rate = kept.slice(b * 100, (b + 1) * 100).reduce((s, v) => s + v, 0) / (100 * trials);
      expect(Math.abs(rate - capacity / n)).toBeLessThan(0.006);
    }
  });

  it('fills up before replacing and samples only what it holds', () => {
    const memory = new ReservoirMemory<string>(3, rng(1));
    expect(memory.sample(2)).toEqual([]);
    ['a', 'b'].forEach((x) => memory.add(x));
    expect(memory.contents()).toEqual(['a', 'b']);
    expect(memory.sample(5).every((x) => x === 'a' || x === 'b')).toBe(true);
    expect(() => new ReservoirMemory(0, rng(1))).toThrow(/capacity is 0/);
  });
});
