import { describe, expect, it } from 'vitest';
import { ConfigError, ShapeError } from '../../../lib/errors';
import { banditWorld } from '../../../lib/policy/bandit-world';
import { klDivergence, optimalPolicy } from '../../../lib/policy/optimal-policy';
import { evaluatePolicy } from '../../../lib/policy/policy-metrics';

const objective = (p: number[], ref: number[], r: number[], beta: number) => p.reduce((s, v, k) => s + v * r[k], 0) - beta * klDivergence(p, ref);

describe('optimalPolicy', () => {
  const world = banditWorld({ contexts: 4, responses: 3, dim: 5, seed: 2 });

  it('is π_ref·exp(r*/β)/Z, by hand on one context', () => {
    const beta = 0.7;
    const star = optimalPolicy(world, beta);
    const ref = world.reference[1], r = world.rStar[1];
    const u = ref.map((p, k) => p * Math.exp(r[k] / beta));
    const z = u.reduce((a, b) => a + b, 0);
    star[1].forEach((p, k) => expect(p).toBeCloseTo(u[k] / z, 12));
  });

  it('beats every nearby policy on the KL-regularised objective', () => {
    const beta = 0.5;
    const star = optimalPolicy(world, beta);
    for (let c = 0; c < world.contexts; c++) {
      const best = objective(star[c], world.reference[c], world.rStar[c], beta);
      for (let k = 0; k < 3; k++) {
        const moved = star[c].map((p, j) => (j === k ? p + 0.05 : p * (1 - 0.05 / (1 - star[c][k]))));
        expect(objective(moved, world.reference[c], world.rStar[c], beta)).toBeLessThan(best);
      }
    }
  });

  it('rejects β ≤ 0 and a rewards table of the wrong shape, naming the value', () => {
    expect(() => optimalPolicy(world, 0)).toThrow(ConfigError);
    expect(() => optimalPolicy(world, -1)).toThrow(/beta is -1/);
    expect(() => optimalPolicy(world, 1, [[1, 2, 3]])).toThrow(ShapeError);
    expect(() => optimalPolicy(world, 1, [[1, 2, 3]])).toThrow(/1 rows: expected 4/);
  });
});

describe('evaluatePolicy', () => {
  const world = banditWorld({ contexts: 6, responses: 4, dim: 5, seed: 7 });

  it('puts π* at KL 0 to the optimum and π_ref at win rate 1/2 and KL 0 to itself', () => {
    const star = evaluatePolicy(world, optimalPolicy(world, 0.3), 0.3);
    expect(star.kl_optimum).toBeLessThan(1e-12);
    expect(star.win_rate).toBeGreaterThan(0.5);
    const ref = evaluatePolicy(world, world.reference, 0.3);
    expect(ref.kl_ref).toBeLessThan(1e-12);
    expect(ref.win_rate).toBeCloseTo(0.5, 12);
    expect(star.expected_reward).toBeGreaterThan(ref.expected_reward);
  });

  it('rejects rows that do not sum to one, with the sum, and mismatched shapes', () => {
    const bad = world.reference.map((r) => r.slice());
    bad[2][0] += 0.1;
    expect(() => evaluatePolicy(world, bad, 1)).toThrow(ConfigError);
    expect(() => evaluatePolicy(world, bad, 1)).toThrow(/probs row 2 sums to 1\.1/);
    expect(() => evaluatePolicy(world, world.reference.map((r) => r.slice(1)), 1)).toThrow(ShapeError);
  });
});
