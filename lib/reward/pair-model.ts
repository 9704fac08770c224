import * as tf from '@tensorflow/tfjs';
import { mlp } from '../train/mlp';

/** A model of P(a ≻ b) = σ(logit(a, b)), trained on labelled pairs. */
export interface PairModel {
  /** The preference logit for each pair, shape [pairs]. */
  logit(xa: tf.Tensor2D, xb: tf.Tensor2D, training?: boolean): tf.Tensor1D;
  /** r_a + r_b for the centring term, where the model has a scalar reward. */
  rewardSum?(xa: tf.Tensor2D, xb: tf.Tensor2D): tf.Tensor1D;
  /** The trainable network. */
  readonly network: tf.Sequential;
}

/**
 * A reward model: an MLP r(x), with P(a ≻ b) = σ(r(a) − r(b)) (Bradley-Terry).
 */
export class RewardModel implements PairModel {
  constructor(readonly network: tf.Sequential) {}

  /** Rewards of items, shape [items]. */
  rewards(x: tf.Tensor2D, training = false): tf.Tensor1D {
    return tf.tidy(() => tf.squeeze(this.network.apply(x, { training }) as tf.Tensor2D, [1]) as tf.Tensor1D);
  }

  logit(xa: tf.Tensor2D, xb: tf.Tensor2D, training = false): tf.Tensor1D {
    // Both sides in one pass: half the kernels (forward and backward) of two passes, and larger
    // matrix products.
    return tf.tidy(() => {
      const r = this.rewards(tf.concat([xa, xb], 0), training);
      const [ra, rb] = tf.split(r, [xa.shape[0], xb.shape[0]]);
      return tf.sub(ra, rb);
    });
  }

  rewardSum(xa: tf.Tensor2D, xb: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => tf.add(this.rewards(xa, true), this.rewards(xb, true)));
  }

  /**
   * Scores items with the learned reward.
   * @param features - [items][dim].
   * @returns one reward per item.
   */
  async score(features: readonly (readonly number[])[]): Promise<number[]> {
    const x = tf.tensor2d(features as number[][]);
    const r = this.rewards(x);
    const out = Array.from(await r.data());
    tf.dispose([x, r]);
    return out;
  }
}

/**
 * A general pairwise preference model, P(a ≻ b) = σ(g(a, b) − g(b, a)): skew-symmetric by
 * construction, so it can represent intransitive preferences (rock-paper-scissors) that no
 * scalar reward can (as in Nash learning from human feedback).
 */
export class PairwisePreferenceModel implements PairModel {
  constructor(readonly network: tf.Sequential) {}

  logit(xa: tf.Tensor2D, xb: tf.Tensor2D, training = false): tf.Tensor1D {
    return tf.tidy(() => {
      const g = (u: tf.Tensor2D, v: tf.Tensor2D) => tf.squeeze(this.network.apply(tf.concat([u, v], 1), { training }) as tf.Tensor2D, [1]);
      return tf.sub(g(xa, xb), g(xb, xa)) as tf.Tensor1D;
    });
  }

  /** P(a ≻ b) for pairs of feature rows. */
  async probability(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): Promise<number[]> {
    const [xa, xb] = [tf.tensor2d(a as number[][]), tf.tensor2d(b as number[][])];
    const p = tf.sigmoid(this.logit(xa, xb));
    const out = Array.from(await p.data());
    tf.dispose([xa, xb, p]);
    return out;
  }
}

/** Options for the networks of {@link rewardModel} and {@link pairwisePreferenceModel}. */
export interface PairNetworkOptions {
  /** Hidden layer widths. Default: [64, 64]. */
  hidden?: number[];
  /** Seed of the initial weights. Default: 0. */
  seed?: number;
}

/**
 * A fresh Bradley-Terry reward model for items of `dim` features.
 * @example
 * const rm = rewardModel(16, { hidden: [64, 64], seed: 1 });
 */
export function rewardModel(dim: number, options: PairNetworkOptions = {}): RewardModel {
  return new RewardModel(mlp({ inputDim: dim, hidden: options.hidden ?? [64, 64], outputDim: 1, seed: options.seed ?? 0 }));
}

/**
 * A fresh pairwise preference model for items of `dim` features.
 * @example
 * const pm = pairwisePreferenceModel(5, { seed: 1 });
 */
export function pairwisePreferenceModel(dim: number, options: PairNetworkOptions = {}): PairwisePreferenceModel {
  return new PairwisePreferenceModel(mlp({ inputDim: 2 * dim, hidden: options.hidden ?? [64, 64], outputDim: 1, seed: options.seed ?? 0 }));
}
