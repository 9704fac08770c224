import * as tf from '@tensorflow/tfjs';
import { ConfigError, describeValue } from '../errors';

/** Options of {@link bradleyTerryLoss}. */
export interface BradleyTerryLossOptions {
  /** Per-pair margin m (the chosen side must win by m), shape [pairs]. Default: none. */
  margin?: tf.Tensor1D;
  /** Weight c ≥ 0 of the centring term c·mean((r_a + r_b)²), as TRL's center_rewards_coefficient. Default: 0. */
  centerCoefficient?: number;
}

/**
 * The Bradley-Terry loss of a batch of pairs: mean of −log σ(r_chosen − r_rejected − m), written
 * as softplus(m − s·(r_a − r_b)) with s = ±1 for which side was chosen (softplus rather than
 * logSigmoid: TF.js 4.22's logSigmoid gradient fails inside a gradient scope), plus the optional
 * centring term.
 * @param ra - rewards of the first items, shape [pairs].
 * @param rb - rewards of the second items, shape [pairs].
 * @param label - 1 where the first item was preferred, 0 where the second was, shape [pairs].
 * @returns a scalar loss.
 * @throws ConfigError when the centring coefficient is negative or not finite.
 * @example
 * bradleyTerryLoss(tf.tensor1d([2]), tf.tensor1d([0]), tf.tensor1d([1])) // ≈ 0.127
 */
export function bradleyTerryLoss(ra: tf.Tensor1D, rb: tf.Tensor1D, label: tf.Tensor1D, options: BradleyTerryLossOptions = {}): tf.Scalar {
  const c = options.centerCoefficient ?? 0;
  checkCenterCoefficient('bradleyTerryLoss', c);
  return tf.tidy(() => {
    const sign = tf.sub(tf.mul(label, 2), 1);
    let loss = preferenceMarginLoss(tf.mul(sign, tf.sub(ra, rb)) as tf.Tensor1D, options.margin);
    if (c > 0) loss = tf.add(loss, tf.mul(c, tf.mean(tf.square(tf.add(ra, rb))))) as tf.Scalar;
    return loss;
  });
}

/**
 * The Bradley-Terry loss from signed preference margins z = s·(r_a − r_b) (s = +1 where a was
 * chosen, −1 where b was): mean softplus(m − z) = mean −log σ(z − m). The training loops call it
 * directly, saving the kernels that rebuild z from labels.
 * @param z - signed margins, shape [pairs].
 * @param margin - required margin per pair, shape [pairs]. Default: none.
 * @example
 * preferenceMarginLoss(tf.tensor1d([2, -1])) // mean(softplus(−2), softplus(1))
 */
export function preferenceMarginLoss(z: tf.Tensor1D, margin?: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.softplus(margin ? tf.sub(margin, z) : tf.neg(z))) as tf.Scalar);
}

/**
 * Checks a reward-centring coefficient: c ≥ 0 and finite. TRL applies any value, but c < 0 would
 * reward large |r_a + r_b| instead of pulling rewards toward zero, which nobody means.
 * @param where - the function name for the message.
 * @param c - the coefficient.
 * @throws ConfigError naming the value.
 * @example
 * checkCenterCoefficient('trainPairModel', 0.01) // passes; −0.01 throws
 */
export function checkCenterCoefficient(where: string, c: number): void {
  if (!(c >= 0 && Number.isFinite(c))) {
    throw new ConfigError(`${where}: centerCoefficient is ${describeValue(c)}: expected a finite number ≥ 0 (TRL's center_rewards_coefficient is 0.01). A negative coefficient would reward large rewards instead of centring them; use 0 for no centring.`);
  }
}
