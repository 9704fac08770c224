import type { BanditWorld } from './bandit-world';
import { checkDistributions, checkPositive } from './check-inputs';
import { contextExploitability, matchProbability } from './nash-equilibrium';
import { klDivergence, optimalPolicy } from './optimal-policy';

/** What every run reports about a policy, measured against the world's exact truth. */
export interface PolicyMetrics {
  /** E_x E_{y~π}[r*(x, y)]. */
  expected_reward: number;
  /** E_x KL(π ‖ π_ref). */
  kl_ref: number;
  /** E_x KL(π ‖ π*_β), π* the exact KL-regularised optimum for r*. */
  kl_optimum: number;
  /** E_x P(π ≻ π_ref) under the true preference. */
  win_rate: number;
  /** Exploitability in the preference game regularised with τ = β (0 at its Nash equilibrium). */
  exploitability: number;
  /** Exploitability in the unregularised game, max_y P(y ≻ π) − 1/2. */
  exploitability_unregularised: number;
}

/**
 * Measures a policy against the world's truth: expected true reward, KL to π_ref and to the
 * exact optimum π* ∝ π_ref·exp(r* / β), the win rate against π_ref under the true preference, and
 * the exploitability of the preference game (regularised with τ = β, and unregularised).
 * @param world - the bandit.
 * @param probs - the policy π(y | x), [contexts][responses].
 * @param beta - the KL strength β > 0 the policy was trained for.
 * @returns the metrics (means over contexts).
 * @throws ConfigError when β ≤ 0 or a row of probs is not a distribution (with its sum);
 *   ShapeError when probs has the wrong shape.
 * @example
 * evaluatePolicy(world, optimalPolicy(world, 0.5), 0.5).kl_optimum // 0
 */
export function evaluatePolicy(world: BanditWorld, probs: readonly (readonly number[])[], beta: number): PolicyMetrics {
  checkPositive('evaluatePolicy', 'beta', beta);
  checkDistributions('evaluatePolicy', 'probs', probs, world.contexts, world.responses);
  const star = optimalPolicy(world, beta);
  const m = { expected_reward: 0, kl_ref: 0, kl_optimum: 0, win_rate: 0, exploitability: 0, exploitability_unregularised: 0 };
  for (let c = 0; c < world.contexts; c++) {
    const pi = probs[c];
    m.expected_reward += pi.reduce((s, p, k) => s + p * world.rStar[c][k], 0);
    m.kl_ref += klDivergence(pi, world.reference[c]);
    m.kl_optimum += klDivergence(pi, star[c]);
    m.win_rate += matchProbability(world.preference[c], pi, world.reference[c]);
    m.exploitability += contextExploitability(world.preference[c], pi, world.reference[c], beta);
    m.exploitability_unregularised += contextExploitability(world.preference[c], pi, world.reference[c], 0);
  }
  for (const k of Object.keys(m) as (keyof PolicyMetrics)[]) m[k] /= world.contexts;
  return m;
}
