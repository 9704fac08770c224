import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../lib/backend/select-backend';
import { cyclicWorld } from '../../../lib/policy/cyclic-world';
import { dno } from '../../../lib/policy/dno';

describe('dno', () => {
  const world = cyclicWorld({ seed: 1 });
  beforeAll(async () => {
    await selectBackend();
  });

  it('takes a first contrastive step toward the equilibrium from π_ref, one row per round', async () => {
    const { history } = await dno(world, { tau: 0.25, eta: 2, rounds: 2, stepsPerRound: 10, pairsPerRound: 2000, learningRate: 0.05, seed: 1 });
    const rows = history.objects() as Record<string, number>[];
    expect(rows.map((r) => r.step)).toEqual([0, 10, 20]);
    expect(rows[1].exploitability).toBeLessThan(rows[0].exploitability);
  });

  it('rejects τ ≤ 0 and η ≤ 0 naming the value', async () => {
    await expect(dno(world, { tau: 0 })).rejects.toThrow(/tau is 0/);
    await expect(dno(world, { tau: 0.1, eta: -2 })).rejects.toThrow(/eta is -2/);
  });
});
