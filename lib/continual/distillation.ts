import * as tf from '@tensorflow/tfjs';

/**
 * Knowledge distillation as in Learning without Forgetting (Li & Hoiem 2017), the form Avalanche
 * uses: KL(softmax(old/T) ‖ softmax(new/T)) over the given output units, averaged over the batch.
 * @param logits - the model's logits, [n, classes].
 * @param oldLogits - the frozen previous model's logits on the same inputs, [n, classes].
 * @param units - the output units to distil (the classes of earlier tasks).
 * @param temperature - T, softening both distributions.
 * @returns the mean KL divergence.
 * @example
 * distillationLoss(logits, oldLogits, [0, 1, 2, 3], 2)
 */
export function distillationLoss(logits: tf.Tensor2D, oldLogits: tf.Tensor2D, units: readonly number[], temperature: number): tf.Scalar {
  return tf.tidy(() => {
    // other units pushed to −1e9 (probability 0 on both sides) rather than gathered: the gradient of
    // gather needs UnsortedSegmentSum, which the wasm backend lacks
    const off = Float32Array.from({ length: logits.shape[1] }, (_, c) => (units.includes(c) ? 0 : -1e9));
    const outside = tf.tensor1d(off);
    const logP = tf.logSoftmax(tf.div(tf.add(logits, outside), temperature));
    const logQ = tf.logSoftmax(tf.div(tf.add(oldLogits, outside), temperature));
    const kl = tf.sum(tf.mul(tf.exp(logQ), tf.sub(logQ, logP)));
    return tf.div(kl, logits.shape[0]) as tf.Scalar;
  });
}
