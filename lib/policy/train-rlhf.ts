import * as tf from '@tensorflow/tfjs';
import * as aq from 'arquero';
import { rng } from '../util/random';
import { advantages, type PolicyGradientEstimator } from './advantages';
import type { BanditWorld } from './bandit-world';
import { checkCount, checkFraction, checkMatrix, checkPositive } from './check-inputs';
import { metricsRow, type MetricsRow } from './metrics-row';
import { sampleBatch } from './policy-sampling';
import { SoftmaxPolicy, gatherEntries, type PolicyKind } from './softmax-policy';

/** Options for {@link trainRlhf}. */
export interface TrainRlhfOptions {
  /** The reward the policy maximises, [contexts][responses]: a learned reward model's scores (`scoreResponses`) or r* itself. */
  reward: readonly (readonly number[])[];
  /** KL strength β > 0 of the per-sample penalty r − β·log(π/π_ref). */
  beta: number;
  /** Policy-gradient estimator. Default: "rloo". */
  estimator?: PolicyGradientEstimator;
  /** A policy to keep training, or the kind of a fresh one. Default: "linear". */
  policy?: PolicyKind | SoftmaxPolicy;
  /** Optimisation steps (each one fresh on-policy batch). Default: 300. */
  steps?: number;
  /** Contexts per batch. Default: 32. */
  contextsPerStep?: number;
  /** Responses sampled per context, k (RLOO, PPO and GRPO need ≥ 2). Default: 4. */
  samplesPerContext?: number;
  /** Adam learning rate. Default: 0.03 (0.015 for PPO, which takes ppoEpochs steps per batch). */
  learningRate?: number;
  /** PPO's clip range ε. Default: 0.2. */
  clip?: number;
  /** PPO's gradient steps per batch. Default: 4. */
  ppoEpochs?: number;
  /** Steps between measurements. Default: 25. */
  evalEvery?: number;
  /** Label in the method column. Default: the estimator. */
  method?: string;
  /** Seed of the sampling. Default: 0. */
  seed?: number;
  /** Called with each measurement row (progress). */
  onEval?: (row: MetricsRow) => void | Promise<void>;
}

/**
 * RLHF with a KL penalty on a bandit world: on-policy samples, the per-sample reward
 * r(x, y) − β·log(π(y|x)/π_ref(y|x)), and a policy-gradient step with REINFORCE and a running
 * baseline, RLOO, PPO's clipped ratio, or GRPO's group-normalised advantages. Its target is
 * π_ref·exp(r/β); measured against the exact π* for the true r*.
 * @param world - the bandit.
 * @param options - reward, β, estimator, schedule; see {@link TrainRlhfOptions}.
 * @returns the trained policy and its history (step, method, beta, the metrics, mean reward).
 * @throws ConfigError for β ≤ 0, an unknown estimator or a bad count; ShapeError or NumericError
 *   for a reward table of the wrong shape or with non-finite entries.
 * @example
 * const { history } = await trainRlhf(world, { reward: scoreTable, beta: 0.5, estimator: 'ppo' });
 */
export async function trainRlhf(world: BanditWorld, options: TrainRlhfOptions): Promise<{ policy: SoftmaxPolicy; history: aq.ColumnTable }> {
  const where = 'trainRlhf';
  const beta = checkPositive(where, 'beta', options.beta);
  checkMatrix(where, 'reward', options.reward, world.contexts, world.responses);
  const estimator = options.estimator ?? 'rloo';
  const steps = checkCount(where, 'steps', options.steps ?? 300, 0);
  const groups = checkCount(where, 'contextsPerStep', options.contextsPerStep ?? 32);
  const k = checkCount(where, 'samplesPerContext', options.samplesPerContext ?? 4);
  const evalEvery = checkCount(where, 'evalEvery', options.evalEvery ?? 25);
  const clip = checkFraction(where, 'clip', options.clip ?? 0.2, 0, 1);
  const ppoEpochs = checkCount(where, 'ppoEpochs', options.ppoEpochs ?? 4);
  advantages(estimator, [0, 0], 2, 0); // an unknown estimator fails here, before any work
  if (estimator !== 'reinforce') advantages(estimator, new Array(k).fill(0), k, 0);
  const method = options.method ?? estimator;
  const policy = options.policy instanceof SoftmaxPolicy ? options.policy : new SoftmaxPolicy(world, options.policy ?? 'linear');
  const optimizer = tf.train.adam(options.learningRate ?? (estimator === 'ppo' ? 0.015 : 0.03));
  const rand = rng(options.seed ?? 0);
  const K = world.responses;
  const rows: MetricsRow[] = [];
  let baseline: number | undefined;
  let meanReward = NaN;
  const measure = async (step: number, probs: number[][]) => {
    const row = metricsRow(world, probs, step, method, beta, { reward: meanReward });
    rows.push(row);
    if (options.onEval) await options.onEval(row);
  };
  try {
    let probs = await policy.probabilities();
    await measure(0, probs);
    for (let step = 1; step <= steps; step++) {
      const batch = sampleBatch(probs, groups, k, rand);
      const n = batch.context.length;
      const r = new Float64Array(n);
      const oldLogp = new Float32Array(n);
      let total = 0;
      for (let i = 0; i < n; i++) {
        const c = batch.context[i], y = batch.response[i];
        oldLogp[i] = Math.log(probs[c][y]);
        r[i] = options.reward[c][y] - beta * (oldLogp[i] - Math.log(world.reference[c][y]));
        total += options.reward[c][y];
      }
      meanReward = total / n;
      const batchMean = r.reduce((a, b) => a + b, 0) / n;
      baseline = baseline === undefined ? batchMean : 0.9 * baseline + 0.1 * batchMean;
      const adv = tf.tensor1d(Float32Array.from(advantages(estimator, r, k, baseline)));
      const index = tf.tensor1d(Int32Array.from(batch.context, (c, i) => c * K + batch.response[i]), 'int32');
      const old = tf.tensor1d(oldLogp);
      const surrogate = () => {
        const logp = gatherEntries(policy.logProbs(), index);
        if (estimator !== 'ppo') return tf.neg(tf.mean(tf.mul(adv, logp))) as tf.Scalar;
        const ratio = tf.exp(tf.sub(logp, old));
        const clipped = tf.clipByValue(ratio, 1 - clip, 1 + clip);
        return tf.neg(tf.mean(tf.minimum(tf.mul(ratio, adv), tf.mul(clipped, adv)))) as tf.Scalar;
      };
      for (let e = 0; e < (estimator === 'ppo' ? ppoEpochs : 1); e++) optimizer.minimize(surrogate, false, [policy.weights]);
      tf.dispose([adv, index, old]);
      probs = await policy.probabilities();
      if (step % evalEvery === 0 || step === steps) await measure(step, probs);
    }
  } finally {
    optimizer.dispose();
  }
  return { policy, history: aq.from(rows) };
}
