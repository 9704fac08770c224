import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lib/errors';
import { banditWorld } from '../../../lib/policy/bandit-world';
import { cyclicWorld } from '../../../lib/policy/cyclic-world';

describe('banditWorld', () => {
  it('builds features, a reference policy and a preference consistent with r*', () => {
    const w = banditWorld({ contexts: 5, responses: 4, dim: 6, seed: 3 });
    expect(w.features.length).toBe(5);
    expect(w.features[0].length).toBe(4);
    expect(w.features[0][0].length).toBe(6);
    for (const row of w.reference) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (let c = 0; c < 5; c++) {
      for (let i = 0; i < 4; i++) {
        for (let j = 0; j < 4; j++) {
          expect(w.preference[c][i][j] + w.preference[c][j][i]).toBeCloseTo(1, 12);
          // β = 1 Bradley-Terry on r*: P(i ≻ j) = σ(r*_i − r*_j)
          if (i !== j) expect(w.preference[c][i][j]).toBeCloseTo(1 / (1 + Math.exp(-(w.rStar[c][i] - w.rStar[c][j]))), 12);
        }
      }
    }
  });

  it('is seeded: the same seed gives the same world, another seed another', () => {
    expect(banditWorld({ seed: 4 }).rStar).toEqual(banditWorld({ seed: 4 }).rStar);
    expect(banditWorld({ seed: 4 }).rStar).not.toEqual(banditWorld({ seed: 5 }).rStar);
  });

  it('rejects bad sizes and scales with the value in the message', () => {
    expect(() => banditWorld({ responses: 1 })).toThrow(ConfigError);
    expect(() => banditWorld({ responses: 1 })).toThrow(/responses is 1/);
    expect(() => banditWorld({ rewardScale: -2 })).toThrow(/rewardScale is -2/);
  });
});

describe('cyclicWorld', () => {
  it('has an intransitive cycle in every context that no Bradley-Terry reward can fit', () => {
    const w = cyclicWorld({ contexts: 3, responses: 5, cyclic: 3, seed: 1 });
    expect(w.kind).toBe('cyclic');
    for (const P of w.preference) {
      let cycle = false;
      for (let a = 0; a < 5; a++) for (let b = 0; b < 5; b++) for (let c = 0; c < 5; c++) {
        if (P[a][b] > 0.5 && P[b][c] > 0.5 && P[c][a] > 0.5) cycle = true;
      }
      expect(cycle).toBe(true);
      for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expect(P[i][j] + P[j][i]).toBeCloseTo(1, 12);
    }
  });
});
