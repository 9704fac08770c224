import * as tf from '@tensorflow/tfjs';
import { stopGradient, type PreferenceBatch } from './preference-batch';

/** KTO (Ethayarajh et al. 2024): prospect-theoretic loss on unpaired desirable/undesirable labels. */
export interface KtoLoss {
  kind: 'kto';
  /** Scale β > 0. */
  beta: number;
  /** Weight λ_D of desirable examples. Default: 1. */
  desirableWeight?: number;
  /** Weight λ_U of undesirable examples. Default: 1. */
  undesirableWeight?: number;
}

/**
 * KTO on a batch seen as unpaired examples: every chosen response is desirable, every rejected
 * one undesirable (as TRL unpairs preference data). With r_θ = log π − log π_ref and the
 * reference point z₀ = max(0, mean r_θ over the batch) (held constant, no gradient, as KTO's KL
 * estimate), the loss is the mean over the 2·pairs examples of λ_D·(1 − σ(β(r_θ − z₀))) for
 * desirable and λ_U·(1 − σ(β(z₀ − r_θ))) for undesirable ones.
 * @example
 * ktoLoss(batch, 0.1, 1, 1)
 */
export function ktoLoss(b: PreferenceBatch, beta: number, lambdaD: number, lambdaU: number): tf.Scalar {
  return tf.tidy(() => {
    const rw = tf.sub(b.policyChosen, b.referenceChosen);
    const rl = tf.sub(b.policyRejected, b.referenceRejected);
    const z0 = stopGradient(tf.relu(tf.mean(tf.concat([rw, rl]))));
    const desirable = tf.mul(lambdaD, tf.sub(1, tf.sigmoid(tf.mul(beta, tf.sub(rw, z0)))));
    const undesirable = tf.mul(lambdaU, tf.sub(1, tf.sigmoid(tf.mul(beta, tf.sub(z0, rl)))));
    return tf.mean(tf.concat([desirable, undesirable])) as tf.Scalar;
  });
}
