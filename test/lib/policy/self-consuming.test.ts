import { describe, expect, it } from 'vitest';
import { banditWorld } from '../../../lib/policy/bandit-world';
import { selfConsumingLoop } from '../../../lib/policy/self-consuming';

describe('selfConsumingLoop', () => {
  const world = banditWorld({ contexts: 8, responses: 16, seed: 2 });

  it('raises E[r*] toward the best response while the entropy collapses; real data keeps diversity', () => {
    const rows = selfConsumingLoop(world, { generations: 12, seed: 1 }).objects() as Record<string, number>[];
    const best = world.rStar.reduce((s, r) => s + Math.max(...r), 0) / world.contexts;
    expect(rows[12].expected_reward).toBeGreaterThan(rows[0].expected_reward + 0.5 * (best - rows[0].expected_reward));
    expect(rows[12].entropy).toBeLessThan(0.5 * rows[0].entropy);
    const mixed = selfConsumingLoop(world, { generations: 12, realFraction: 0.3, seed: 1 }).objects() as Record<string, number>[];
    expect(mixed[12].entropy).toBeGreaterThan(rows[12].entropy);
  });

  it('reruns identically with a seed and rejects a realFraction of 1', () => {
    expect(selfConsumingLoop(world, { generations: 3, seed: 4 }).objects()).toEqual(selfConsumingLoop(world, { generations: 3, seed: 4 }).objects());
    expect(() => selfConsumingLoop(world, { realFraction: 1 })).toThrow(/realFraction is 1/);
  });
});
