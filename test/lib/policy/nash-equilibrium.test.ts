import { describe, expect, it } from 'vitest';
import { cyclicWorld } from '../../../lib/policy/cyclic-world';
import { banditWorld } from '../../../lib/policy/bandit-world';
import { contextExploitability, exploitability, nashEquilibrium, winRates } from '../../../lib/policy/nash-equilibrium';

// Rock, paper, scissors with certain wins: P[i][j] = 1 when i beats j.
const RPS = [[0.5, 0, 1], [1, 0.5, 0], [0, 1, 0.5]];
const uniform = [1 / 3, 1 / 3, 1 / 3];

describe('contextExploitability', () => {
  it('is 1/2 for a pure strategy and 0 for the uniform one in rock-paper-scissors (by hand)', () => {
    expect(contextExploitability(RPS, [1, 0, 0], uniform, 0)).toBeCloseTo(0.5, 12);
    expect(contextExploitability(RPS, uniform, uniform, 0)).toBeCloseTo(0, 12);
    expect(contextExploitability(RPS, uniform, uniform, 0.2)).toBeCloseTo(0, 12);
  });

  it('matches the regularised closed form τ·log Σ π_ref·exp(P(y ≻ π)/τ) + τ·KL(π‖π_ref) − 1/2', () => {
    const pi = [0.6, 0.3, 0.1], tau = 0.25;
    const w = winRates(RPS, pi);
    const kl = pi.reduce((s, p, k) => s + p * Math.log(p / uniform[k]), 0);
    const want = tau * Math.log(uniform.reduce((s, r, y) => s + r * Math.exp(w[y] / tau), 0)) + tau * kl - 0.5;
    expect(contextExploitability(RPS, pi, uniform, tau)).toBeCloseTo(want, 12);
  });
});

describe('nashEquilibrium', () => {
  it('finds a regularised equilibrium of a cyclic world with exploitability below 1e-9', () => {
    const world = cyclicWorld({ contexts: 3, responses: 5, seed: 4 });
    const { policy, gap } = nashEquilibrium(world, { tau: 0.1 });
    expect(gap).toBeLessThan(1e-9);
    expect(exploitability(world, world.reference, 0.1)).toBeGreaterThan(0.01);
    // the unregularised equilibrium is exploitable by less than the regularised one in the unregularised game
    const free = nashEquilibrium(world, { tau: 0, iterations: 20000 });
    expect(exploitability(world, free.policy, 0)).toBeLessThan(1e-3);
    expect(exploitability(world, policy, 0)).toBeGreaterThan(exploitability(world, free.policy, 0));
  });

  it('puts a Bradley-Terry world\'s unregularised equilibrium on the best response', () => {
    const world = banditWorld({ contexts: 2, responses: 4, dim: 5, seed: 1 });
    const { policy } = nashEquilibrium(world, { tau: 0, iterations: 4000 });
    policy.forEach((pi, c) => {
      const best = world.rStar[c].indexOf(Math.max(...world.rStar[c]));
      expect(pi[best]).toBeGreaterThan(0.95);
    });
  });
});
