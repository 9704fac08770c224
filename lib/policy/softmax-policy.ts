import * as tf from '@tensorflow/tfjs';
import { ConfigError, unknownKeywordMessage } from '../errors';
import type { BanditWorld } from './bandit-world';
import { checkDistributions } from './check-inputs';

/** How a {@link SoftmaxPolicy} parameterises its logits on top of log π_ref. */
export type PolicyKind = 'tabular' | 'linear';

/**
 * A policy over a bandit's K responses per context, on TF.js: logits(x, y) = log π_ref(y | x) +
 * θ[x, y] (tabular) or + φ(x, y)·w (softmax-linear). Its parameters start at zero, so it starts
 * at π_ref, as a fine-tuned model starts at its SFT checkpoint.
 */
export class SoftmaxPolicy {
  /** The trainable parameters: θ [contexts, responses] or w [dim]. */
  readonly weights: tf.Variable;
  private readonly logRef: tf.Tensor2D;
  private readonly phi?: tf.Tensor2D;

  constructor(readonly world: BanditWorld, readonly kind: PolicyKind, reference: readonly (readonly number[])[] = world.reference) {
    if (kind !== 'tabular' && kind !== 'linear') throw new ConfigError(unknownKeywordMessage('softmaxPolicy', 'kind', kind, ['tabular', 'linear']));
    checkDistributions('softmaxPolicy', 'reference', reference, world.contexts, world.responses);
    this.logRef = logTable(reference);
    if (kind === 'linear') {
      this.phi = tf.tensor2d(world.features.flat(), [world.contexts * world.responses, world.dim]);
      this.weights = tf.variable(tf.zeros([world.dim, 1]));
    } else {
      this.weights = tf.variable(tf.zeros([world.contexts, world.responses]));
    }
  }

  /** log π(y | x) for every context and response, [contexts, responses]. */
  logProbs(): tf.Tensor2D {
    return tf.tidy(() => {
      const extra = this.phi ? tf.reshape(tf.matMul(this.phi, this.weights as tf.Tensor2D), [this.world.contexts, this.world.responses]) : this.weights;
      return tf.logSoftmax(tf.add(this.logRef, extra)) as tf.Tensor2D;
    });
  }

  /** π(y | x) as plain numbers, [contexts][responses]. */
  async probabilities(): Promise<number[][]> {
    const p = tf.tidy(() => tf.exp(this.logProbs()));
    const flat = await p.data();
    p.dispose();
    const K = this.world.responses;
    return Array.from({ length: this.world.contexts }, (_, c) => {
      const row = Array.from(flat.subarray(c * K, (c + 1) * K));
      const s = row.reduce((a, b) => a + b, 0);
      return row.map((v) => v / s); // float32 rows sum to 1 ± 1e-7; renormalised in float64
    });
  }

  /** Frees the tensors. */
  dispose(): void {
    tf.dispose([this.weights, this.logRef, ...(this.phi ? [this.phi] : [])]);
  }
}

/**
 * A fresh policy at π_ref for a bandit world.
 * @param world - the bandit.
 * @param kind - "linear" (logits + φ·w; represents π* exactly when r* is linear in φ) or
 *   "tabular" (one logit per context and response). Default: "linear".
 * @returns a {@link SoftmaxPolicy}.
 * @throws ConfigError for an unknown kind.
 * @example
 * const policy = softmaxPolicy(world, 'tabular');
 */
export function softmaxPolicy(world: BanditWorld, kind: PolicyKind = 'linear'): SoftmaxPolicy {
  return new SoftmaxPolicy(world, kind);
}

/** log p as a [contexts, responses] tensor (log 0 clamped to −1e9 to stay finite). */
export function logTable(probs: readonly (readonly number[])[]): tf.Tensor2D {
  return tf.tensor2d(probs.map((row) => row.map((p) => (p > 0 ? Math.log(p) : -1e9))));
}

/**
 * Picks entries [context, response] of a [contexts, responses] tensor by one-hot rows times the
 * flattened table: the gather kernel's gradient (UnsortedSegmentSum) is missing on wasm.
 */
export function gatherEntries(table: tf.Tensor2D, flatIndex: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const n = table.shape[0] * table.shape[1];
    const hot = tf.oneHot(flatIndex, n) as tf.Tensor2D;
    return tf.reshape(tf.matMul(hot, tf.reshape(table, [n, 1])), [-1]) as tf.Tensor1D;
  });
}
