import { ConfigError, unknownKeywordMessage } from '../errors';

/** The policy-gradient estimators of {@link trainRlhf}. */
export type PolicyGradientEstimator = 'reinforce' | 'rloo' | 'ppo' | 'grpo';

/** The estimators' names. */
export const ESTIMATORS = ['reinforce', 'rloo', 'ppo', 'grpo'] as const;

/**
 * Advantages of samples in groups of k (one group per context) for one estimator:
 * REINFORCE subtracts a baseline b (a running mean of rewards, given); RLOO subtracts the mean of
 * the other k − 1 rewards of the group (Ahmadian et al. 2024, "Back to basics"); GRPO normalises
 * within the group, (R − mean)/std (Shao et al. 2024, DeepSeekMath); PPO uses RLOO's advantages
 * in its clipped objective.
 * @param estimator - which estimator.
 * @param rewards - the samples' (KL-penalised) rewards, in groups of k.
 * @param k - group size.
 * @param baseline - REINFORCE's baseline.
 * @returns one advantage per sample.
 * @throws ConfigError for an unknown estimator or k < 2 where the group is needed.
 * @example
 * advantages('rloo', [1, 0, 0, 1], 2, 0) // [1, −1, −1, 1]
 */
export function advantages(estimator: PolicyGradientEstimator, rewards: Float64Array | number[], k: number, baseline: number): Float64Array {
  const n = rewards.length;
  const out = new Float64Array(n);
  if (estimator === 'reinforce') {
    for (let i = 0; i < n; i++) out[i] = rewards[i] - baseline;
    return out;
  }
  if (!(ESTIMATORS as readonly string[]).includes(estimator)) throw new ConfigError(unknownKeywordMessage('trainRlhf', 'estimator', estimator, ESTIMATORS));
  if (k < 2) throw new ConfigError(`trainRlhf: estimator "${estimator}" needs samplesPerContext ≥ 2 (it baselines each sample by the others of its group), got ${k}.`);
  for (let g = 0; g < n; g += k) {
    let sum = 0;
    for (let j = 0; j < k; j++) sum += rewards[g + j];
    const mean = sum / k;
    let sq = 0;
    for (let j = 0; j < k; j++) sq += (rewards[g + j] - mean) ** 2;
    const std = Math.sqrt(sq / k);
    for (let j = 0; j < k; j++) {
      const r = rewards[g + j];
      out[g + j] = estimator === 'grpo' ? (r - mean) / (std + 1e-6) : r - (sum - r) / (k - 1);
    }
  }
  return out;
}
