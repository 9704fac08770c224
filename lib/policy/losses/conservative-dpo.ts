import * as tf from '@tensorflow/tfjs';
import { logRatioMargin, logSigmoid, type PreferenceBatch } from './preference-batch';

/** Conservative DPO: DPO with label smoothing ε (Mitchell 2023, "A note on DPO with noisy preferences"). */
export interface ConservativeDpoLoss {
  kind: 'cdpo';
  /** KL strength β > 0. */
  beta: number;
  /** Assumed share ε of flipped labels, in [0, 0.5). */
  labelSmoothing: number;
}

/**
 * cDPO: mean −(1 − ε)·log σ(β·h) − ε·log σ(−β·h); its optimum keeps h finite.
 * @example
 * conservativeDpoLoss(batch, 0.1, 0.1)
 */
export function conservativeDpoLoss(b: PreferenceBatch, beta: number, eps: number): tf.Scalar {
  return tf.tidy(() => {
    const z = tf.mul(beta, logRatioMargin(b));
    return tf.neg(tf.mean(tf.add(tf.mul(1 - eps, logSigmoid(z)), tf.mul(eps, logSigmoid(tf.neg(z)))))) as tf.Scalar;
  });
}
