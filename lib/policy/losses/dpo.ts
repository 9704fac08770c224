import * as tf from '@tensorflow/tfjs';
import { logRatioMargin, logSigmoid, type PreferenceBatch } from './preference-batch';

/** The sigmoid DPO loss (Rafailov et al. 2023). */
export interface DpoLoss {
  kind: 'dpo';
  /** KL strength β > 0. */
  beta: number;
}

/**
 * DPO: mean −log σ(β·h) over pairs, h the log-ratio margin.
 * @example
 * dpoLoss(batch, 0.1)
 */
export function dpoLoss(b: PreferenceBatch, beta: number): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(logSigmoid(tf.mul(beta, logRatioMargin(b))))) as tf.Scalar);
}
