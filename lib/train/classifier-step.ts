import * as tf from '@tensorflow/tfjs';
import { denseBackward, denseForward, type DenseLayerParams } from './dense-stack';
import type { MinimizingOptimizer } from './fused-adam';

/**
 * One optimizer step of a dense classifier (`denseStack` of its network) on the softmax
 * cross-entropy of integer labels, with the gradient written out by hand: dLoss/dLogits =
 * (softmax − one-hot)/n, then {@link denseBackward}. Same loss and gradients as
 * `tf.losses.softmaxCrossEntropy` through the gradient tape, in about a third of the kernels.
 * @param labels - class indices, int32, shape [n].
 * @returns the mean loss and the accuracy of the batch (the caller disposes them).
 * @example
 * const { loss, accuracy } = softmaxCrossEntropyStep(denseStack(model)!, xb, yb, adam(1e-3));
 */
export function softmaxCrossEntropyStep(stack: DenseLayerParams[], x: tf.Tensor2D, labels: tf.Tensor1D, optimizer: MinimizingOptimizer): { loss: tf.Scalar; accuracy: tf.Scalar } {
  return tf.tidy(() => {
    const n = x.shape[0];
    const { output: logits, activations } = denseForward(stack, x);
    const oneHot = tf.cast(tf.oneHot(labels, logits.shape[1]), 'float32');
    const logProbs = tf.logSoftmax(logits);
    const loss = tf.div(tf.neg(tf.sum(tf.mul(oneHot, logProbs))), n) as tf.Scalar;
    const accuracy = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')) as tf.Scalar;
    const dLogits = tf.mul(tf.sub(tf.exp(logProbs), oneHot), 1 / n) as tf.Tensor2D;
    optimizer.applyGradients(denseBackward(stack, activations, dLogits));
    return { loss, accuracy };
  });
}
