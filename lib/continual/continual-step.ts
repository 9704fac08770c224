import * as tf from '@tensorflow/tfjs';
import type { MinimizingOptimizer } from '../train/fused-adam';
import type { GatheredBatch, LossTerm } from './strategy-plugin';

/** A slice of a step's batch: how many rows, and the weight of their mean cross-entropy. */
export interface BatchPart {
  count: number;
  weight: number;
}

/**
 * One optimizer step through the gradient tape: Σ_p w_p·CE_p over the parts of the batch (each
 * part its own forward pass, its own mean), plus the plugins' loss terms.
 * @returns the step's loss (the caller disposes it).
 */
export function tapeStep(model: tf.Sequential, optimizer: MinimizingOptimizer, batch: GatheredBatch, parts: readonly BatchPart[], terms: readonly LossTerm[], classes: number): tf.Scalar {
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => {
    let offset = 0;
    const logits: tf.Tensor2D[] = [];
    const ces: tf.Scalar[] = [];
    for (const part of parts) {
      const rows = <T extends tf.Tensor>(t: T): T => (parts.length === 1 ? t : (tf.slice(t, offset, part.count) as T));
      const l = tf.add(model.apply(rows(batch.x), { training: true }) as tf.Tensor2D, rows(batch.mask)) as tf.Tensor2D;
      logits.push(l);
      ces.push(tf.losses.softmaxCrossEntropy(tf.oneHot(rows(batch.y), classes), l) as tf.Scalar);
      offset += part.count;
    }
    let loss = parts.length === 1 ? ces[0] : (ces.map((ce, i) => tf.mul(parts[i].weight, ce)).reduce((a, b) => tf.add(a, b)) as tf.Scalar);
    for (const term of terms) {
      if (term.logits) loss = tf.add(loss, term.logits(logits.length === 1 ? logits[0] : tf.concat(logits))) as tf.Scalar;
      if (term.weights) loss = tf.add(loss, term.weights(vars)) as tf.Scalar;
    }
    return loss;
  }, vars);
  optimizer.applyGradients(grads);
  tf.dispose(Object.values(grads));
  return value;
}
