import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../lib/backend/select-backend';
import { ConfigError } from '../../../lib/errors';
import { banditWorld } from '../../../lib/policy/bandit-world';
import { onlineIterativeDpo } from '../../../lib/policy/online-dpo';
import { samplePreferencePairs } from '../../../lib/policy/preference-pairs';
import { trainRejectionSampling } from '../../../lib/policy/rejection-sampling';
import { trainOffline } from '../../../lib/policy/train-offline';

const last = (t: { objects(): object[] }) => t.objects().at(-1) as Record<string, number>;

beforeAll(async () => {
  await selectBackend();
});

describe('onlineIterativeDpo', () => {
  it('beats offline DPO on the same labelling budget when π_ref covers the good responses poorly', async () => {
    const world = banditWorld({ seed: 1, referenceSpread: 2 });
    const beta = 0.5;
    const online = await onlineIterativeDpo(world, { loss: { kind: 'dpo', beta }, rounds: 5, pairsPerRound: 400, policy: 'tabular', seed: 1 });
    expect(last(online.history).pairs).toBe(2000);
    const offline = await trainOffline(world, samplePreferencePairs(world, { pairs: 2000, seed: 1 }), { loss: { kind: 'dpo', beta }, steps: 500, evalEvery: 500, policy: 'tabular' });
    expect(last(online.history).kl_optimum).toBeLessThan(last(offline.history).kl_optimum);
  });
});
