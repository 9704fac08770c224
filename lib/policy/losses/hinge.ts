import * as tf from '@tensorflow/tfjs';
import { logRatioMargin, type PreferenceBatch } from './preference-batch';

/** The SLiC hinge loss (Zhao et al. 2023, "SLiC-HF"). */
export interface HingeLoss {
  kind: 'hinge';
  /** Scale β > 0 of the margin. */
  beta: number;
}

/**
 * SLiC hinge: mean max(0, 1 − β·h).
 * @example
 * hingeLoss(batch, 0.1)
 */
export function hingeLoss(b: PreferenceBatch, beta: number): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.relu(tf.sub(1, tf.mul(beta, logRatioMargin(b))))) as tf.Scalar);
}
