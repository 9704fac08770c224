import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../lib/backend/select-backend';
import { ShapeError } from '../../../lib/errors';
import { sampleSequencePairs, trainSequencePolicy } from '../../../lib/policy/sequence-preferences';
import { SequencePolicy, referenceTable, sampleSequence, sequenceEntries, sequenceReward, sequenceWorld } from '../../../lib/policy/sequence-world';
import { rng } from '../../../lib/util/random';

describe('sequenceWorld', () => {
  const sw = sequenceWorld({ vocab: 15, maxLength: 12, seed: 1 });

  it('has a policy at π_ref whose table equals the reference, and sequence probabilities that sum to one', async () => {
    await selectBackend();
    const policy = new SequencePolicy(sw);
    const table = await policy.table();
    const ref = referenceTable(sw);
    for (let i = 0; i < ref.length; i += 97) expect(table[i]).toBeCloseTo(ref[i], 5);
    policy.dispose();
    // exhaustive on a 2-token, length-2 world: Σ_y π(y) = 1 over all sequences
    const tiny = sequenceWorld({ vocab: 2, maxLength: 2, seed: 3 });
    const t = referenceTable(tiny);
    const prob = (y: number[]) => sequenceEntries(tiny, y).reduce((p, e) => p * t[e], 1);
    const all = [[], [0], [1], [0, 0], [0, 1], [1, 0], [1, 1]];
    expect(all.reduce((s, y) => s + prob(y), 0)).toBeCloseTo(1, 12);
  });

  it('samples sequences of at most maxLength tokens and scores them by mean token quality', () => {
    const rand = rng(2);
    const table = referenceTable(sw);
    for (let k = 0; k < 200; k++) expect(sampleSequence(sw, table, rand).length).toBeLessThanOrEqual(12);
    expect(sequenceReward(sw, [3, 3, 3])).toBeCloseTo(sw.quality[3], 12);
    expect(sequenceReward(sw, [])).toBe(0);
  });
});
