import * as aq from 'arquero';
import type { RewardModel } from '../reward/pair-model';
import type { TableLike } from '../table/table-bundle';
import type { BanditWorld } from './bandit-world';
import { pairIndices } from './preference-pairs';

/**
 * Turns a bandit's labelled pairs into what `trainPairModel` reads: one item per (context,
 * response) with its features φ(x, y), and pairs a (chosen), b (rejected), label 1.
 * @param world - the bandit.
 * @param pairs - context, chosen, rejected (from `samplePreferencePairs`).
 * @returns features [contexts·responses][dim] and the pairs table.
 * @throws ShapeError for empty pairs; DataFormatError for bad rows.
 * @example
 * const { features, pairs } = rewardModelData(world, samplePreferencePairs(world, { pairs: 4000 }));
 * await trainPairModel(rewardModel(world.dim, { hidden: [] }), features, pairs);
 */
export function rewardModelData(world: BanditWorld, pairs: TableLike): { features: number[][]; pairs: aq.ColumnTable } {
  const idx = pairIndices('rewardModelData', pairs, world);
  const K = world.responses;
  return {
    features: world.features.flat(),
    pairs: aq.table({
      a: Array.from(idx.chosen, (y, i) => idx.context[i] * K + y),
      b: Array.from(idx.rejected, (y, i) => idx.context[i] * K + y),
      label: new Array(idx.chosen.length).fill(1),
    }),
  };
}

/**
 * Scores every response of a bandit with a learned reward model.
 * @returns r̂(x, y), [contexts][responses].
 * @example
 * const rHat = await scoreResponses(world, rm);
 */
export async function scoreResponses(world: BanditWorld, model: RewardModel): Promise<number[][]> {
  const flat = await model.score(world.features.flat());
  return Array.from({ length: world.contexts }, (_, c) => flat.slice(c * world.responses, (c + 1) * world.responses));
}
