import * as aq from 'arquero';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../lib/backend/select-backend';
import { ConfigError, DataFormatError, ShapeError } from '../../../lib/errors';
import { banditWorld } from '../../../lib/policy/bandit-world';
import { samplePreferencePairs } from '../../../lib/policy/preference-pairs';
import { trainOffline } from '../../../lib/policy/train-offline';

describe('trainOffline', () => {
  beforeAll(async () => {
    await selectBackend();
  });
  const world = banditWorld({ seed: 1 });
  const pairs = samplePreferencePairs(world, { pairs: 20000, seed: 2 });

  it('DPO with enough data reaches KL(π ‖ π*) < 0.01 from π_ref', async () => {
    const { history, policy } = await trainOffline(world, pairs, { loss: { kind: 'dpo', beta: 0.5 }, steps: 300, batchSize: 1024, evalEvery: 100, seed: 1 });
    const rows = history.objects() as Record<string, number>[];
    expect(rows[0].kl_optimum).toBeGreaterThan(0.5); // π_ref is far from π*
    expect(rows[rows.length - 1].kl_optimum).toBeLessThan(0.01);
    expect(history.columnNames()).toEqual(expect.arrayContaining(['step', 'method', 'beta', 'expected_reward', 'kl_ref', 'kl_optimum', 'win_rate', 'exploitability']));
    policy.dispose();
  });

  it('reruns to the same numbers with the same seed', async () => {
    const run = async () => (await trainOffline(world, pairs.slice(0, 2000), { loss: { kind: 'ipo', beta: 0.5 }, steps: 20, evalEvery: 10, seed: 3 })).history.array('kl_optimum');
    expect(await run()).toEqual(await run());
  });

  it('rejects empty data, bad rows, a bad loss and a reference of the wrong shape before training', async () => {
    const loss = { kind: 'dpo', beta: 0.5 } as const;
    await expect(trainOffline(world, pairs.slice(0, 0), { loss })).rejects.toThrow(ShapeError);
    await expect(trainOffline(world, pairs.slice(0, 0), { loss })).rejects.toThrow(/empty \(0 pairs\)/);
    await expect(trainOffline(world, aq.table({ context: [0], chosen: [9], rejected: [1] }), { loss })).rejects.toThrow(DataFormatError);
    await expect(trainOffline(world, aq.table({ context: [0], chosen: [9], rejected: [1] }), { loss })).rejects.toThrow(/chosen = 9: expected an index in 0…7/);
    await expect(trainOffline(world, pairs, { loss: { kind: 'dpo', beta: -0.1 } })).rejects.toThrow(ConfigError);
    await expect(trainOffline(world, pairs, { loss, reference: [[1]] })).rejects.toThrow(ShapeError);
  });
});
