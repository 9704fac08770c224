import * as tf from '@tensorflow/tfjs';
import * as aq from 'arquero';
import { ConfigError, unknownKeywordMessage } from '../errors';
import { rng } from '../util/random';
import type { BanditWorld } from './bandit-world';
import { checkCount, checkMatrix, checkPositive } from './check-inputs';
import { metricsRow, type MetricsRow } from './metrics-row';
import { sampleBatch } from './policy-sampling';
import { SoftmaxPolicy, gatherEntries, logTable, type PolicyKind } from './softmax-policy';

/** Options for {@link trainRejectionSampling}. */
export interface RejectionSamplingOptions {
  /** "raft" (Dong et al. 2023: fine-tune on the best of N) or "superhf" (Mukobi et al. 2023: the same plus a KL prior toward π_ref). */
  method: 'raft' | 'superhf';
  /** The reward that picks the best sample, [contexts][responses] (a learned model's scores). */
  reward: readonly (readonly number[])[];
  /** β the policy is measured at. */
  beta: number;
  /** Weight of SuperHF's KL(π ‖ π_ref) term. Default: β. */
  klCoefficient?: number;
  /** Rounds of sample, filter, fine-tune. Default: 10. */
  rounds?: number;
  /** Contexts sampled per round. Default: 64. */
  promptsPerRound?: number;
  /** Samples N per context; the best by the reward is kept. Default: 4. */
  samples?: number;
  /** Adam steps on each round's kept samples. Default: 20. */
  stepsPerRound?: number;
  /** Adam learning rate. Default: 0.05. */
  learningRate?: number;
  /** A policy to keep training, or the kind of a fresh one. Default: "linear". */
  policy?: PolicyKind | SoftmaxPolicy;
  /** Seed. Default: 0. */
  seed?: number;
  /** Called with each round's row (progress). */
  onEval?: (row: MetricsRow) => void | Promise<void>;
}

/**
 * Reward-ranked fine-tuning: each round, sample N responses per context from the current
 * policy, keep the best by the reward, and take supervised steps (maximise log π(best | x)); for
 * SuperHF add β_KL·KL(π(·|x) ‖ π_ref(·|x)), computed exactly over the K responses. Without the
 * prior the policy keeps sharpening toward the reward's argmax (and its errors).
 * @param world - the bandit.
 * @param options - method, reward, schedule; see {@link RejectionSamplingOptions}.
 * @returns the policy and one row per round (step = round).
 * @throws ConfigError for an unknown method, β ≤ 0 or a bad count; ShapeError for a reward table of the wrong shape.
 * @example
 * const { history } = await trainRejectionSampling(world, { method: 'superhf', reward: rHat, beta: 0.5 });
 */
export async function trainRejectionSampling(world: BanditWorld, options: RejectionSamplingOptions): Promise<{ policy: SoftmaxPolicy; history: aq.ColumnTable }> {
  const where = 'trainRejectionSampling';
  if (options.method !== 'raft' && options.method !== 'superhf') throw new ConfigError(unknownKeywordMessage(where, 'method', options.method, ['raft', 'superhf']));
  const beta = checkPositive(where, 'beta', options.beta);
  checkMatrix(where, 'reward', options.reward, world.contexts, world.responses);
  const klCoef = options.method === 'superhf' ? checkPositive(where, 'klCoefficient', options.klCoefficient ?? beta) : 0;
  const rounds = checkCount(where, 'rounds', options.rounds ?? 10);
  const prompts = checkCount(where, 'promptsPerRound', options.promptsPerRound ?? 64);
  const N = checkCount(where, 'samples', options.samples ?? 4);
  const steps = checkCount(where, 'stepsPerRound', options.stepsPerRound ?? 20);
  const policy = options.policy instanceof SoftmaxPolicy ? options.policy : new SoftmaxPolicy(world, options.policy ?? 'linear');
  const optimizer = tf.train.adam(options.learningRate ?? 0.05);
  const rand = rng(options.seed ?? 0);
  const K = world.responses;
  const logRef = logTable(world.reference);
  const rows: MetricsRow[] = [];
  const measure = async (round: number, probs: number[][], proxy: number) => {
    const row = metricsRow(world, probs, round, options.method, beta, { reward: proxy });
    rows.push(row);
    if (options.onEval) await options.onEval(row);
  };
  try {
    let probs = await policy.probabilities();
    await measure(0, probs, NaN);
    for (let round = 1; round <= rounds; round++) {
      const batch = sampleBatch(probs, prompts, N, rand);
      const best = new Int32Array(prompts);
      const ctx = new Int32Array(prompts);
      let proxy = 0;
      for (let g = 0; g < prompts; g++) {
        let b = g * N;
        for (let j = g * N; j < (g + 1) * N; j++) if (options.reward[batch.context[j]][batch.response[j]] > options.reward[batch.context[b]][batch.response[b]]) b = j;
        ctx[g] = batch.context[b];
        best[g] = batch.context[b] * K + batch.response[b];
        proxy += options.reward[batch.context[b]][batch.response[b]] / prompts;
      }
      const index = tf.tensor1d(best, 'int32');
      const ctxHot = tf.oneHot(tf.tensor1d(ctx, 'int32'), world.contexts);
      for (let s = 0; s < steps; s++) {
        optimizer.minimize(() => {
          const logp = policy.logProbs();
          let loss = tf.neg(tf.mean(gatherEntries(logp, index)));
          if (klCoef > 0) {
            // exact KL(π(·|x) ‖ π_ref(·|x)) of the round's contexts
            const kl = tf.sum(tf.mul(tf.exp(logp), tf.sub(logp, logRef)), 1);
            loss = tf.add(loss, tf.mul(klCoef, tf.mean(tf.matMul(ctxHot, tf.reshape(kl, [-1, 1])))));
          }
          return loss as tf.Scalar;
        }, false, [policy.weights]);
      }
      tf.dispose([index, ctxHot]);
      probs = await policy.probabilities();
      await measure(round, probs, proxy);
    }
  } finally {
    optimizer.dispose();
    logRef.dispose();
  }
  return { policy, history: aq.from(rows) };
}
