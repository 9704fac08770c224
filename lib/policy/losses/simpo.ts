import * as tf from '@tensorflow/tfjs';
import { logSigmoid, type PreferenceBatch } from './preference-batch';

/** SimPO (Meng et al. 2024): reference-free, length-normalised, with a target margin. */
export interface SimpoLoss {
  kind: 'simpo';
  /** Scale β > 0 of the average log-probabilities. */
  beta: number;
  /** Target margin γ ≥ 0. Default: 0.5. */
  gamma?: number;
}

/**
 * SimPO: mean −log σ((β/|y_w|)·log π(y_w) − (β/|y_l|)·log π(y_l) − γ); the reference is not used.
 * @example
 * simpoLoss(batch, 2, 0.5)
 */
export function simpoLoss(b: PreferenceBatch, beta: number, gamma: number): tf.Scalar {
  return tf.tidy(() => {
    const w = b.lengthChosen ? tf.div(b.policyChosen, b.lengthChosen) : b.policyChosen;
    const l = b.lengthRejected ? tf.div(b.policyRejected, b.lengthRejected) : b.policyRejected;
    return tf.neg(tf.mean(logSigmoid(tf.sub(tf.mul(beta, tf.sub(w, l)), gamma)))) as tf.Scalar;
  });
}
