import * as aq from 'arquero';
import { normal, rng } from '../util/random';
import { evaluatePairModel } from './evaluate-rewards';
import { rewardModel } from './pair-model';
import { preferenceProbability, type Annotator } from './simulate-preferences';
import { trainPairModel, type TrainPairModelOptions } from './train-pair-model';

/** Options for {@link iterativeRewardLoop}. */
export interface IterativeLoopOptions {
  /** r* of the simulated world. */
  trueReward: (x: readonly number[]) => number;
  /** Features per item. */
  dim: number;
  /** Who labels the new pairs. */
  annotators: Annotator[];
  /** Rounds of generate → label → retrain → select. Default: 6. */
  iterations?: number;
  /** Candidates generated per round (half as many pairs are labelled). Default: 600. */
  candidates?: number;
  /** Share of candidates kept by the reward model to update the policy (RAFT's top-k). Default: 0.1. */
  keep?: number;
  /** Step of the policy mean toward the kept candidates. Default: 0.5. */
  step?: number;
  /** Held-out labelled pairs on which each round's reward model is scored, with their items. */
  test: { features: number[][]; pairs: aq.ColumnTable; rStar: number[] };
  /** Training options of each round's reward model. Default: 15 epochs. */
  training?: TrainPairModelOptions;
  /** Seed. Default: 0. */
  seed?: number;
}

/**
 * An iterative RLHF loop in miniature (as in RAFT and iterative RLHF): a policy (a Gaussian over
 * item features) proposes candidates, simulated annotators label pairs of them, the reward model
 * is retrained on everything labelled so far, and the policy moves toward the candidates the
 * reward model ranks highest. Reports, per round, the reward model's held-out accuracy and the
 * true reward of what the policy proposes and of what it keeps.
 * @returns rows iteration, pairs, test_accuracy, ordering_accuracy, policy_true_reward, kept_true_reward.
 * @example
 * const rounds = await iterativeRewardLoop({ trueReward: data.trueReward, dim: 16, annotators, test });
 */
export async function iterativeRewardLoop(options: IterativeLoopOptions): Promise<aq.ColumnTable> {
  const rand = rng(options.seed ?? 0);
  const iterations = options.iterations ?? 6;
  const m = options.candidates ?? 600;
  const keep = options.keep ?? 0.1;
  const step = options.step ?? 0.5;
  const mean = new Array(options.dim).fill(0);
  const features: number[][] = [];
  const cols = { a: [] as number[], b: [] as number[], label: [] as number[] };
  const rows = [];
  for (let t = 1; t <= iterations; t++) {
    const batch = Array.from({ length: m }, () => mean.map((mu) => mu + normal(rand)));
    const offset = features.length;
    features.push(...batch);
    for (let k = 0; k + 1 < m; k += 2) {
      const who = options.annotators[Math.floor(rand() * options.annotators.length)];
      const [x, y] = [batch[k], batch[k + 1]];
      const p = preferenceProbability(who, options.trueReward(x), options.trueReward(y), x[0], y[0]);
      cols.a.push(offset + k);
      cols.b.push(offset + k + 1);
      cols.label.push(rand() < p ? 1 : 0);
    }
    const model = rewardModel(options.dim, { seed: (options.seed ?? 0) * 100 + t });
    await trainPairModel(model, features, aq.table(cols), { epochs: 15, ...options.training, seed: t });
    const { metrics } = await evaluatePairModel(model, options.test.features, options.test.pairs, options.test.rStar);
    const scores = await model.score(batch);
    const order = scores.map((s, i) => [s, i] as const).sort((u, v) => v[0] - u[0]);
    const kept = order.slice(0, Math.max(1, Math.round(keep * m))).map(([, i]) => batch[i]);
    const avg = (xs: number[][]) => xs.reduce((s, x) => s + options.trueReward(x), 0) / xs.length;
    rows.push({ iteration: t, pairs: cols.a.length, test_accuracy: metrics.accuracy, ordering_accuracy: metrics.orderingAccuracy, policy_true_reward: avg(batch), kept_true_reward: avg(kept) });
    for (let d = 0; d < options.dim; d++) {
      const target = kept.reduce((s, x) => s + x[d], 0) / kept.length;
      mean[d] += step * (target - mean[d]);
    }
  }
  return aq.from(rows);
}
