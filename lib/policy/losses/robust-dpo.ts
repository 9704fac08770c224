import * as tf from '@tensorflow/tfjs';
import { logRatioMargin, logSigmoid, type PreferenceBatch } from './preference-batch';

/** Robust DPO (Chowdhury et al. 2024, "Provably robust DPO"): an unbiased loss under flip noise ε. */
export interface RobustDpoLoss {
  kind: 'robust';
  /** KL strength β > 0. */
  beta: number;
  /** Known flip rate ε of the labels, in [0, 0.5). */
  labelSmoothing: number;
}

/**
 * rDPO: mean [−(1 − ε)·log σ(β·h) + ε·log σ(−β·h)] / (1 − 2ε): in expectation over flipped
 * labels it equals the DPO loss on clean labels.
 * @example
 * robustDpoLoss(batch, 0.1, 0.2)
 */
export function robustDpoLoss(b: PreferenceBatch, beta: number, eps: number): tf.Scalar {
  return tf.tidy(() => {
    const z = tf.mul(beta, logRatioMargin(b));
    const per = tf.sub(tf.mul(-(1 - eps), logSigmoid(z)), tf.mul(-eps, logSigmoid(tf.neg(z))));
    return tf.div(tf.mean(per), 1 - 2 * eps) as tf.Scalar;
  });
}
