import * as aq from 'arquero';
import type { TableLike } from '../table/table-bundle';
import { pairArrays } from './pair-data';
import { rewardModel, type PairNetworkOptions, type RewardModel } from './pair-model';
import { pairProbabilities } from './evaluate-rewards';
import { trainPairModel, type TrainPairModelOptions } from './train-pair-model';

/** Options for {@link trainRewardEnsemble}. */
export interface TrainEnsembleOptions extends TrainPairModelOptions, PairNetworkOptions {
  /** Number of members K. Default: 5. */
  members?: number;
}

/**
 * Trains K reward models that differ only in their seeds (initial weights, split and order).
 * Their disagreement on a pair measures how unsure the reward is there.
 * @returns the members and one history table with a `member` column.
 * @example
 * const { members } = await trainRewardEnsemble(data.features, data.pairs, { members: 5, epochs: 15 });
 */
export async function trainRewardEnsemble(features: readonly (readonly number[])[], pairs: TableLike, options: TrainEnsembleOptions = {}): Promise<{ members: RewardModel[]; history: aq.ColumnTable }> {
  const k = options.members ?? 5;
  const seed = options.seed ?? 0;
  const members: RewardModel[] = [];
  const histories: aq.ColumnTable[] = [];
  for (let m = 0; m < k; m++) {
    const model = rewardModel(features[0]?.length ?? 0, { hidden: options.hidden, seed: seed * 100 + m + 1 });
    const h = await trainPairModel(model, features, pairs, { ...options, seed: seed * 100 + m + 1 });
    members.push(model);
    histories.push(h.derive({ member: aq.escape(() => m) }));
  }
  return { members, history: histories.reduce((a, b) => a.concat(b)) };
}

/**
 * Per-pair ensemble prediction: the mean P(a ≻ b) over members and its standard deviation
 * (the disagreement), with the label when the table has one.
 * @returns a table with a, b, p_mean, disagreement (and label, delta when present).
 * @example
 * const table = await ensembleDisagreement(members, data.features, testPairs);
 */
export async function ensembleDisagreement(members: RewardModel[], features: readonly (readonly number[])[], pairs: TableLike): Promise<aq.ColumnTable> {
  const p = pairArrays('ensembleDisagreement', pairs, features.length);
  const all = await Promise.all(members.map((m) => pairProbabilities(m, features, p.a, p.b)));
  const mean = p.a.map((_, i) => all.reduce((s, q) => s + q[i], 0) / all.length);
  const std = p.a.map((_, i) => Math.sqrt(all.reduce((s, q) => s + (q[i] - mean[i]) ** 2, 0) / all.length));
  const extra = pairs.columnNames().includes('delta') ? { delta: (pairs.objects() as Record<string, number>[]).map((r) => r.delta) } : {};
  return aq.table({ a: p.a, b: p.b, label: p.label, p_mean: mean, disagreement: std, ...extra });
}

/**
 * Accuracy when only the most certain pairs are kept (the UPO idea): for each coverage level,
 * drop the pairs with the largest disagreement and measure accuracy on the rest.
 * @param table - from {@link ensembleDisagreement}.
 * @param levels - shares of pairs kept. Default: 0.1, 0.2, …, 1.
 * @returns rows coverage, accuracy, pairs.
 * @example
 * accuracyVsCoverage(await ensembleDisagreement(members, data.features, testPairs))
 */
export function accuracyVsCoverage(table: TableLike, levels = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]): aq.ColumnTable {
  const rows = (table.objects() as { label: number; p_mean: number; disagreement: number }[]).slice().sort((x, y) => x.disagreement - y.disagreement);
  return aq.from(levels.map((coverage) => {
    const kept = rows.slice(0, Math.max(1, Math.round(coverage * rows.length)));
    const correct = kept.filter((r) => (r.p_mean > 0.5 ? 1 : 0) === r.label).length;
    return { coverage, accuracy: correct / kept.length, pairs: kept.length };
  }));
}
