import * as tf from '@tensorflow/tfjs';

/**
 * What a preference loss sees for a batch of pairs: sequence log-probabilities of the chosen
 * (preferred, y_w) and rejected (y_l) responses under the policy being trained and under the
 * reference, and the responses' lengths (tokens; 1 for a bandit's single-step responses).
 * All shapes [pairs].
 */
export interface PreferenceBatch {
  /** log π(y_w | x). */
  policyChosen: tf.Tensor1D;
  /** log π(y_l | x). */
  policyRejected: tf.Tensor1D;
  /** log π_ref(y_w | x). */
  referenceChosen: tf.Tensor1D;
  /** log π_ref(y_l | x). */
  referenceRejected: tf.Tensor1D;
  /** |y_w| in tokens. Default: 1. */
  lengthChosen?: tf.Tensor1D;
  /** |y_l| in tokens. Default: 1. */
  lengthRejected?: tf.Tensor1D;
}

/**
 * The DPO log-ratio margin h = [log π(y_w) − log π_ref(y_w)] − [log π(y_l) − log π_ref(y_l)].
 * @example
 * logRatioMargin(batch) // [pairs]
 */
export function logRatioMargin(b: PreferenceBatch): tf.Tensor1D {
  return tf.tidy(() => tf.sub(tf.sub(b.policyChosen, b.referenceChosen), tf.sub(b.policyRejected, b.referenceRejected)) as tf.Tensor1D);
}

/** log σ(z) as −softplus(−z): TF.js 4.22's logSigmoid gradient fails inside a gradient scope. */
export function logSigmoid(z: tf.Tensor): tf.Tensor {
  return tf.neg(tf.softplus(tf.neg(z)));
}

/** The identity with a zero gradient (TF.js has no stop_gradient). */
export const stopGradient = tf.customGrad(((x: tf.Tensor) => ({
  value: tf.clone(x),
  gradFunc: () => tf.zerosLike(x),
})) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor) => tf.Tensor;
