import * as tf from '@tensorflow/tfjs';
import { logRatioMargin, type PreferenceBatch } from './preference-batch';

/** The IPO loss (Azar et al. 2023, "A general theoretical paradigm to understand learning from human preferences"). */
export interface IpoLoss {
  kind: 'ipo';
  /** Regularisation β > 0 (IPO's τ): the margin h is pulled toward 1/(2β). */
  beta: number;
}

/**
 * IPO: mean (h − 1/(2β))²; unlike DPO it does not push h to infinity on deterministic labels.
 * @example
 * ipoLoss(batch, 0.1)
 */
export function ipoLoss(b: PreferenceBatch, beta: number): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.square(tf.sub(logRatioMargin(b), 1 / (2 * beta)))) as tf.Scalar);
}
