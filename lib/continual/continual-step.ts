import * as tf from '@tensorflow/tfjs';
import { denseBackward, denseForward, type DenseLayerParams } from '../train/dense-stack';
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

/**
 * The same step as {@link tapeStep} with hand-written gradients (the dense-stack path `fit`
 * uses): one forward pass over the whole batch, dLoss/dLogits = Σ_p w_p·(softmax − one-hot)/n_p
 * on each part's rows, then the backward pass of the stack. Loss terms on the logits or the
 * weights are differentiated on their own (small graphs) and added.
 * @returns the step's loss (the caller disposes it).
 */
export function denseStep(stack: DenseLayerParams[], optimizer: MinimizingOptimizer, batch: GatheredBatch, parts: readonly BatchPart[], terms: readonly LossTerm[], classes: number): tf.Scalar {
  return tf.tidy(() => {
    const { output, activations } = denseForward(stack, batch.x);
    const logits = tf.add(output, batch.mask) as tf.Tensor2D;
    const rowWeight = new Float32Array(batch.x.shape[0]);
    let offset = 0;
    for (const p of parts) {
      rowWeight.fill(p.weight / p.count, offset, offset + p.count);
      offset += p.count;
    }
    const w = tf.tensor2d(rowWeight, [rowWeight.length, 1]);
    const oneHot = tf.oneHot(batch.y, classes);
    const logProbs = tf.logSoftmax(logits);
    let loss = tf.neg(tf.sum(tf.mul(tf.mul(oneHot, logProbs), w))) as tf.Scalar;
    let dLogits = tf.mul(tf.sub(tf.exp(logProbs), oneHot), w) as tf.Tensor2D;
    const extra: Record<string, tf.Tensor> = {};
    for (const term of terms) {
      if (term.logits) {
        const { value, grad } = tf.valueAndGrad(term.logits)(logits);
        loss = tf.add(loss, value);
        dLogits = tf.add(dLogits, grad);
      }
      if (term.weights) {
        // in model.trainableWeights order: kernel, bias of each layer
        const vars = stack.flatMap((l) => (l.bias ? [l.kernel, l.bias] : [l.kernel]));
        const f = term.weights;
        const { value, grads } = tf.valueAndGrads((...w: tf.Tensor[]) => f(w))(vars);
        loss = tf.add(loss, value);
        grads.forEach((g, i) => (extra[vars[i].name] = extra[vars[i].name] ? tf.add(extra[vars[i].name], g) : g));
      }
    }
    const grads = denseBackward(stack, activations, dLogits);
    for (const [name, g] of Object.entries(extra)) grads[name] = tf.add(grads[name], g);
    optimizer.applyGradients(grads);
    return loss;
  });
}
