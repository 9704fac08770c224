import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../lib/backend/select-backend';
import { ConfigError, ShapeError } from '../../../lib/errors';
import { rewardModel } from '../../../lib/reward/pair-model';
import { trainPairModel } from '../../../lib/reward/train-pair-model';
import { advantages } from '../../../lib/policy/advantages';
import { banditWorld } from '../../../lib/policy/bandit-world';
import { optimalPolicy } from '../../../lib/policy/optimal-policy';
import { evaluatePolicy } from '../../../lib/policy/policy-metrics';
import { samplePreferencePairs } from '../../../lib/policy/preference-pairs';
import { rewardModelData, scoreResponses } from '../../../lib/policy/reward-model-data';
import { trainRlhf } from '../../../lib/policy/train-rlhf';

describe('advantages', () => {
  it('computes each estimator by hand on one group of four', () => {
    const r = [1, 2, 3, 6];
    expect(Array.from(advantages('reinforce', r, 4, 2))).toEqual([-1, 0, 1, 4]);
    // RLOO: r_i − mean of the other three
    expect(Array.from(advantages('rloo', r, 4, 0))).toEqual([1 - 11 / 3, 2 - 10 / 3, 3 - 3, 6 - 2]);
    const mean = 3, std = Math.sqrt((4 + 1 + 0 + 9) / 4);
    Array.from(advantages('grpo', r, 4, 0)).forEach((a, i) => expect(a).toBeCloseTo((r[i] - mean) / (std + 1e-6), 12));
  });

  it('rejects an unknown estimator and groups of one', () => {
    expect(() => advantages('a2c' as never, [1, 2], 2, 0)).toThrow(/unknown estimator "a2c": expected one of "reinforce", "rloo"/);
    expect(() => advantages('rloo', [1, 2], 1, 0)).toThrow(/samplesPerContext ≥ 2/);
  });
});

describe('trainRlhf', () => {
  const world = banditWorld({ seed: 1 });
  const beta = 0.5;
  let rHat: number[][];
  beforeAll(async () => {
    await selectBackend();
    const d = rewardModelData(world, samplePreferencePairs(world, { pairs: 20000, seed: 5 }));
    const rm = rewardModel(world.dim, { hidden: [], seed: 1 });
    await trainPairModel(rm, d.features, d.pairs, { epochs: 20, batchSize: 512, learningRate: 0.02, seed: 1 });
    rHat = await scoreResponses(world, rm);
  });

  for (const estimator of ['reinforce', 'rloo', 'ppo', 'grpo'] as const) {
    it(`${estimator} against a learned reward model reaches E[r*] within 2% of the exact optimum`, async () => {
      const optimum = evaluatePolicy(world, optimalPolicy(world, beta), beta).expected_reward;
      const start = evaluatePolicy(world, world.reference, beta).expected_reward;
      const { history, policy } = await trainRlhf(world, { reward: rHat, beta, estimator, steps: 300, evalEvery: 300, seed: 2 });
      const last = history.objects().at(-1) as Record<string, number>;
      expect(Math.abs(last.expected_reward - optimum)).toBeLessThan(0.02 * (optimum - start));
      expect(Math.abs(last.expected_reward - optimum)).toBeLessThan(0.02 * Math.abs(optimum));
      policy.dispose();
    });
  }

  it('rejects β ≤ 0, a reward table of the wrong shape and an unknown estimator before training', async () => {
    await expect(trainRlhf(world, { reward: world.rStar, beta: 0 })).rejects.toThrow(ConfigError);
    await expect(trainRlhf(world, { reward: [[1, 2]], beta: 1 })).rejects.toThrow(ShapeError);
    await expect(trainRlhf(world, { reward: world.rStar, beta: 1, estimator: 'dqn' as never })).rejects.toThrow(/unknown estimator "dqn"/);
  });
});
