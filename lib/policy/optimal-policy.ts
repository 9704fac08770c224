import type { BanditWorld } from './bandit-world';
import { checkMatrix, checkPositive } from './check-inputs';

/**
 * The exact optimum of the KL-regularised objective max_π E_{y~π}[r(x, y)] − β·KL(π ‖ π_ref),
 * per context: π*(y | x) = π_ref(y | x)·exp(r(x, y)/β) / Z(x).
 * @param world - the bandit (its π_ref, and r* unless `rewards` is given).
 * @param beta - the KL strength β > 0.
 * @param rewards - the reward to optimise, [contexts][responses]. Default: the world's r*.
 * @returns π*: [contexts][responses], rows summing to one.
 * @throws ConfigError when β ≤ 0; ShapeError or NumericError for a rewards table of the wrong
 *   shape or with non-finite entries.
 * @example
 * const star = optimalPolicy(banditWorld({ seed: 1 }), 0.5);
 */
export function optimalPolicy(world: BanditWorld, beta: number, rewards: readonly (readonly number[])[] = world.rStar): number[][] {
  checkPositive('optimalPolicy', 'beta', beta);
  checkMatrix('optimalPolicy', 'rewards', rewards, world.contexts, world.responses);
  return world.reference.map((ref, c) => tilt(ref, rewards[c].map((r) => r / beta)));
}

/** q(y) ∝ p(y)·exp(s(y)), computed in log space. */
export function tilt(p: readonly number[], s: readonly number[]): number[] {
  const logits = p.map((v, k) => (v > 0 ? Math.log(v) + s[k] : -Infinity));
  const m = Math.max(...logits);
  const e = logits.map((v) => Math.exp(v - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

/**
 * KL(p ‖ q) = Σ p log(p/q) of two distributions over the same responses (0·log 0 = 0).
 * @returns nats; Infinity when p puts mass where q has none.
 * @example
 * klDivergence([0.5, 0.5], [0.9, 0.1]) // ≈ 0.511
 */
export function klDivergence(p: readonly number[], q: readonly number[]): number {
  let s = 0;
  for (let k = 0; k < p.length; k++) {
    if (p[k] <= 0) continue;
    if (q[k] <= 0) return Infinity;
    s += p[k] * Math.log(p[k] / q[k]);
  }
  return Math.max(0, s);
}
