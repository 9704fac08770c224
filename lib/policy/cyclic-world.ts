import { normal, permutation, rng } from '../util/random';
import { banditWorld, type BanditWorld, type BanditWorldOptions } from './bandit-world';

/** Options for {@link cyclicWorld}. */
export interface CyclicWorldOptions extends BanditWorldOptions {
  /** Weight γ of the cyclic (intransitive) part of the preference logit. Default: 3. */
  cyclic?: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * A general-preference world that is not Bradley-Terry: P(y_i ≻ y_j | x) =
 * σ(β·(r*_i − r*_j) + γ·sin(2π(σ_x(i) − σ_x(j))/K)), a transitive part from r* plus a cyclic
 * (rock-paper-scissors-like) part over a seeded order σ_x of the responses. No scalar reward
 * reproduces it, so Bradley-Terry methods aim at the wrong target; its (regularised) Nash
 * equilibrium is the right one (Munos et al. 2023, Nash learning from human feedback).
 * @param options - the bandit's options plus the cyclic weight γ; see {@link CyclicWorldOptions}.
 * @returns a world of kind "cyclic" (r* is its transitive part).
 * @throws ConfigError for a bad size or scale.
 * @example
 * const world = cyclicWorld({ contexts: 4, responses: 5, cyclic: 3, seed: 2 });
 * world.preference[0][0][1] + world.preference[0][1][0] // 1
 */
export function cyclicWorld(options: CyclicWorldOptions = {}): BanditWorld {
  const base = banditWorld({ contexts: 4, responses: 5, rewardScale: 0.3, ...options });
  const gamma = options.cyclic ?? 3;
  const beta = base.annotator.beta ?? 4;
  const rand = rng((options.seed ?? 0) * 7 + 3);
  const K = base.responses;
  normal(rand); // decorrelates the order from the bandit's draws
  const preference = base.rStar.map((r) => {
    const order = permutation(K, rand);
    return r.map((_, i) => r.map((__, j) => (i === j ? 0.5 : sigmoid(beta * (r[i] - r[j]) + gamma * Math.sin((2 * Math.PI * (order[i] - order[j])) / K)))));
  });
  return { ...base, kind: 'cyclic', preference };
}
