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

describe('trainRejectionSampling', () => {
  const world = banditWorld({ seed: 1 });

  it('RAFT raises E[r*] and drifts from π_ref; SuperHF\'s KL prior keeps it closer', async () => {
    const raft = await trainRejectionSampling(world, { method: 'raft', reward: world.rStar, beta: 0.5, rounds: 6 });
    const superhf = await trainRejectionSampling(world, { method: 'superhf', reward: world.rStar, beta: 0.5, rounds: 6 });
    const start = (raft.history.objects()[0] as Record<string, number>).expected_reward;
    expect(last(raft.history).expected_reward).toBeGreaterThan(start + 0.5);
    expect(last(superhf.history).expected_reward).toBeGreaterThan(start + 0.3);
    expect(last(superhf.history).kl_ref).toBeLessThan(last(raft.history).kl_ref);
  });

  it('rejects an unknown method listing the two', async () => {
    await expect(trainRejectionSampling(world, { method: 'rest' as never, reward: world.rStar, beta: 1 })).rejects.toThrow(ConfigError);
    await expect(trainRejectionSampling(world, { method: 'rest' as never, reward: world.rStar, beta: 1 })).rejects.toThrow(/expected one of "raft", "superhf"/);
  });
});
