import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lib/errors';
import { banditWorld } from '../../../lib/policy/bandit-world';
import { klDivergence } from '../../../lib/policy/optimal-policy';
import { bestOfNPolicy, fitGaoForm, overoptimization } from '../../../lib/policy/over-optimization';

describe('bestOfNPolicy', () => {
  it('is F(y)^N − F(y⁻)^N, by hand on two responses', () => {
    const p = bestOfNPolicy([0.5, 0.5], [0, 1], 2);
    expect(p[1]).toBeCloseTo(0.75, 12);
    expect(p[0]).toBeCloseTo(0.25, 12);
  });

  it('has KL to the base of log N − (N − 1)/N over many equally likely responses', () => {
    const K = 4000;
    const ref = new Array(K).fill(1 / K);
    const proxy = ref.map((_, k) => Math.sin(k * 12.9898) * 43758.5453 % 1); // distinct scores
    for (const n of [2, 8, 32]) expect(klDivergence(bestOfNPolicy(ref, proxy, n), ref)).toBeCloseTo(Math.log(n) - (n - 1) / n, 2);
  });
});

describe('overoptimization', () => {
  const world = banditWorld({ contexts: 8, responses: 64, seed: 3 });

  it('gold rises with N on the true reward but rises then falls on a proxy with a heavy-tailed length error', () => {
    const honest = overoptimization(world, world.rStar, { ns: [1, 4, 16, 64, 256], betas: [1] }).filter((d) => d.method === 'best-of-n').array('gold') as number[];
    for (let i = 1; i < honest.length; i++) expect(honest[i]).toBeGreaterThan(honest[i - 1]);
    const biased = world.rStar.map((r, c) => r.map((v, k) => v + 0.3 * Math.exp(1.5 * world.features[c][k][0])));
    const rl = overoptimization(world, biased, { ns: [1], betas: [10, 3, 1, 0.3, 0.1, 0.03, 0.01] }).filter((d) => d.method === 'rl').array('gold') as number[];
    const peak = Math.max(...rl);
    expect(peak).toBeGreaterThan(rl[0]);
    expect(rl[rl.length - 1]).toBeLessThan(peak - 0.05);
  });

  it('rejects N < 1 and β ≤ 0 naming the value', () => {
    expect(() => overoptimization(world, world.rStar, { ns: [0] })).toThrow(/N is 0/);
    expect(() => overoptimization(world, world.rStar, { betas: [-1] })).toThrow(/beta is -1/);
  });
});

describe('fitGaoForm', () => {
  it('recovers α and β of both forms from exact curves', () => {
    const d = [0.2, 0.5, 0.8, 1.1, 1.5, 2, 2.5, 3];
    const bon = fitGaoForm('best-of-n', d, d.map((x) => x * (0.9 - 0.2 * x)));
    expect(bon.alpha).toBeCloseTo(0.9, 4);
    expect(bon.beta).toBeCloseTo(0.2, 4);
    const rl = fitGaoForm('rl', d, d.map((x) => x * (0.7 - 0.3 * Math.log(x))));
    expect(rl.alpha).toBeCloseTo(0.7, 4);
    expect(rl.beta).toBeCloseTo(0.3, 4);
    expect(rl.predict(1)).toBeCloseTo(0.7, 4);
  });

  it('rejects an unknown form and too few points', () => {
    expect(() => fitGaoForm('ppo' as never, [1, 2, 3], [1, 2, 3])).toThrow(ConfigError);
    expect(() => fitGaoForm('rl', [1, 2], [1, 2])).toThrow(/got 2 values of d/);
  });
});
