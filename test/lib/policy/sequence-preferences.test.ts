import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../lib/backend/select-backend';
import { ShapeError } from '../../../lib/errors';
import { sampleSequencePairs, trainSequencePolicy } from '../../../lib/policy/sequence-preferences';
import { SequencePolicy, referenceTable, sampleSequence, sequenceEntries, sequenceReward, sequenceWorld } from '../../../lib/policy/sequence-world';
import { rng } from '../../../lib/util/random';

describe('trainSequencePolicy', () => {
  const sw = sequenceWorld({ seed: 1 });
  beforeAll(async () => {
    await selectBackend();
  });

  it('shows the length exploit: DPO on a length-loving annotator\'s labels makes longer, worse sequences', async () => {
    const run = async (bias: number) => {
      const pairs = sampleSequencePairs(sw, { pairs: 4000, seed: 2, annotator: { name: 'a', beta: 4, bias } });
      const { history } = await trainSequencePolicy(sw, pairs, { loss: { kind: 'dpo', beta: 0.1 }, steps: 100, evalEvery: 100, evalSamples: 1000, seed: 1 });
      return history.objects().at(-1) as Record<string, number>;
    };
    const fair = await run(0), biased = await run(0.3);
    expect(biased.length).toBeGreaterThan(fair.length + 3);
    expect(biased.gold_reward).toBeLessThan(fair.gold_reward - 0.1);
  });

  it('rejects empty and uneven pairs', async () => {
    await expect(trainSequencePolicy(sw, { chosen: [], rejected: [] }, { loss: { kind: 'dpo', beta: 0.1 } })).rejects.toThrow(ShapeError);
    await expect(trainSequencePolicy(sw, { chosen: [[1]], rejected: [] }, { loss: { kind: 'dpo', beta: 0.1 } })).rejects.toThrow(/1 chosen but 0 rejected/);
  });
});
