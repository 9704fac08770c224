import { describe, expect, it } from 'vitest';
import { choice, expandSpace, grid, logUniform, seeds, uniform } from '../../../lib/sweep/space';
import { configHash } from '../../../lib/sweep/config-hash';

describe('expandSpace', () => {
  it('crosses grids in key order, with plain arrays as grids and plain values as constants', () => {
    expect(expandSpace({ a: [1, 2], b: grid(['x', 'y']), c: true })).toEqual([
      { a: 1, b: 'x', c: true }, { a: 1, b: 'y', c: true }, { a: 2, b: 'x', c: true }, { a: 2, b: 'y', c: true },
    ]);
  });

  it('makes seeds(n) a grid of n consecutive integers', () => {
    expect(expandSpace({ seed: seeds(3, 10) }).map((c) => c.seed)).toEqual([10, 11, 12]);
  });

  it('draws samples per grid point, seeded, inside [low, high)', () => {
    const space = { s: ['a', 'b'], lr: logUniform(1e-4, 1e-1), p: uniform(0, 0.5), opt: choice(['adam', 'sgd']) };
    const a = expandSpace(space, { samples: 50, seed: 3 });
    expect(a).toHaveLength(100);
    expect(expandSpace(space, { samples: 50, seed: 3 })).toEqual(a);
    expect(expandSpace(space, { samples: 50, seed: 4 })).not.toEqual(a);
    for (const c of a) {
      expect(c.lr as number).toBeGreaterThanOrEqual(1e-4);
      expect(c.lr as number).toBeLessThan(1e-1);
      expect(c.p as number).toBeGreaterThanOrEqual(0);
      expect(c.p as number).toBeLessThan(0.5);
    }
    expect(new Set(a.map((c) => c.opt))).toEqual(new Set(['adam', 'sgd']));
    // log-uniform: about half the draws below the geometric midpoint 10^-2.5
    const below = a.filter((c) => (c.lr as number) < 10 ** -2.5).length;
    expect(below).toBeGreaterThan(30);
    expect(below).toBeLessThan(70);
  });

  it('concatenates a list of spaces and refuses identical configurations', () => {
    expect(expandSpace([{ s: 'replay', m: [10, 20] }, { s: 'joint' }])).toEqual([{ s: 'replay', m: 10 }, { s: 'replay', m: 20 }, { s: 'joint' }]);
    expect(() => expandSpace([{ a: 1 }, { a: 1 }])).toThrow(/configurations 0 and 1 are identical \({"a":1}\).*Add a seeds\(\) axis/);
  });

  it('rejects bad domains with their values', () => {
    expect(() => uniform(1, 1)).toThrow('uniform: expected finite low < high, got low = 1, high = 1.');
    expect(() => logUniform(0, 1)).toThrow(/expected low > 0 on a log scale, got low = 0/);
    expect(() => grid([])).toThrow(/non-empty array/);
    expect(() => grid([Number.NaN])).toThrow(/value NaN cannot be a config value/);
    expect(() => seeds(0)).toThrow(/positive integer count, got 0/);
    expect(() => expandSpace({ a: uniform(0, 1) }, { samples: 0 })).toThrow(/samples is 0/);
  });

  it('keeps domains immutable', () => {
    const g = grid([1, 2]);
    expect(Object.isFrozen(g) && Object.isFrozen(g.values)).toBe(true);
  });
});

describe('configHash', () => {
  it('ignores key order and separates different configs', () => {
    expect(configHash({ a: 1, b: 'x' })).toBe(configHash({ b: 'x', a: 1 }));
    expect(configHash({ a: 1 })).not.toBe(configHash({ a: 2 }));
    expect(configHash({ a: 1 })).toMatch(/^[0-9a-f]{16}$/);
  });
});
