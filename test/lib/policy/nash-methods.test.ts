import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../lib/backend/select-backend';
import { ConfigError } from '../../../lib/errors';
import { rewardModel } from '../../../lib/reward/pair-model';
import { trainPairModel } from '../../../lib/reward/train-pair-model';
import { cyclicWorld } from '../../../lib/policy/cyclic-world';
import { inpo } from '../../../lib/policy/inpo';
import { mirrorProxNlhf, nashMd } from '../../../lib/policy/nash-md';
import { exploitability } from '../../../lib/policy/nash-equilibrium';
import { optimalPolicy } from '../../../lib/policy/optimal-policy';
import { samplePreferencePairs } from '../../../lib/policy/preference-pairs';
import { rewardModelData, scoreResponses } from '../../../lib/policy/reward-model-data';
import { trainOffline } from '../../../lib/policy/train-offline';
import { trainRlhf } from '../../../lib/policy/train-rlhf';

const last = (t: { objects(): object[] }) => t.objects().at(-1) as Record<string, number>;

// On a cyclic world, Bradley-Terry methods aim at π_ref·exp(r_BT/τ) for a scalar r_BT that cannot
// represent the preference; the Nash methods aim at the τ-regularised equilibrium.
describe('Nash methods against Bradley-Terry methods on a cyclic world', () => {
  const world = cyclicWorld({ seed: 1 });
  const tau = 0.25;
  beforeAll(async () => {
    await selectBackend();
  });

  it('Bradley-Terry methods (DPO, RLHF on a BT reward model, π* of the true transitive part) stay exploitable', async () => {
    const pairs = samplePreferencePairs(world, { pairs: 8000, seed: 2 });
    const dpo = await trainOffline(world, pairs, { loss: { kind: 'dpo', beta: tau }, policy: 'tabular', steps: 300, evalEvery: 300, batchSize: 1024 });
    expect(last(dpo.history).exploitability).toBeGreaterThan(0.05);
    const d = rewardModelData(world, pairs);
    const rm = rewardModel(world.dim, { hidden: [], seed: 1 });
    await trainPairModel(rm, d.features, d.pairs, { epochs: 20, batchSize: 512, learningRate: 0.02, seed: 1 });
    const rlhf = await trainRlhf(world, { reward: await scoreResponses(world, rm), beta: tau, policy: 'tabular', steps: 300, evalEvery: 300, seed: 1 });
    expect(last(rlhf.history).exploitability).toBeGreaterThan(0.05);
    expect(exploitability(world, optimalPolicy(world, tau), tau)).toBeGreaterThan(0.05);
  });

  it('Nash-MD and Mirror-Prox (exact and with sampled win rates) drive the exploitability below 0.01', async () => {
    expect(exploitability(world, world.reference, tau)).toBeGreaterThan(0.02);
    for (const method of [nashMd, mirrorProxNlhf]) {
      expect(last((await method(world, { tau, eta: 1, iterations: 30 })).history).exploitability).toBeLessThan(1e-3);
      expect(last((await method(world, { tau, eta: 1, iterations: 30, samples: 100, seed: 3 })).history).exploitability).toBeLessThan(0.01);
    }
  });

  it('INPO, learning each mirror-descent step from sampled pairs, drives it below 0.01', async () => {
    const { history } = await inpo(world, { tau, eta: 2, rounds: 6, stepsPerRound: 100, learningRate: 0.1, pairsPerRound: 8000, batchSize: 2048, seed: 1 });
    expect(last(history).exploitability).toBeLessThan(0.01);
  });

  it('rejects τ ≤ 0 naming the value', async () => {
    await expect(nashMd(world, { tau: 0 })).rejects.toThrow(ConfigError);
    await expect(inpo(world, { tau: -1 })).rejects.toThrow(/tau is -1/);
  });
});
