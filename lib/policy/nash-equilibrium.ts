import type { BanditWorld } from './bandit-world';
import { checkCount, checkDistributions, checkPositive } from './check-inputs';
import { klDivergence, tilt } from './optimal-policy';

/** P(y ≻ π) for every response y: the preference matrix times π. */
export function winRates(preference: readonly (readonly number[])[], pi: readonly number[]): number[] {
  return preference.map((row) => row.reduce((s, p, j) => s + p * pi[j], 0));
}

/** P(π ≻ π') = Σ π(y) π'(y') P(y ≻ y'). */
export function matchProbability(preference: readonly (readonly number[])[], pi: readonly number[], other: readonly number[]): number {
  return winRates(preference, other).reduce((s, w, i) => s + pi[i] * w, 0);
}

/**
 * One context's exploitability of π in the game of Nash learning from human feedback.
 * With τ > 0 (regularised game, payoff P(π ≻ π') − τ·KL(π‖π_ref) + τ·KL(π'‖π_ref)):
 * max_π' [P(π' ≻ π) − τ·KL(π'‖π_ref)] + τ·KL(π‖π_ref) − 1/2, whose max has the closed form
 * τ·log Σ_y π_ref(y)·exp(P(y ≻ π)/τ). With τ = 0: max_y P(y ≻ π) − 1/2. Zero exactly at the
 * (regularised) Nash equilibrium, positive elsewhere.
 */
export function contextExploitability(preference: readonly (readonly number[])[], pi: readonly number[], reference: readonly number[], tau: number): number {
  const w = winRates(preference, pi);
  if (tau === 0) return Math.max(0, Math.max(...w) - 0.5);
  const m = Math.max(...w);
  const z = reference.reduce((s, r, y) => s + r * Math.exp((w[y] - m) / tau), 0);
  return Math.max(0, m + tau * Math.log(z) + tau * klDivergence(pi, reference) - 0.5);
}

/**
 * The exploitability (duality gap, one side) of a policy in the world's preference game,
 * averaged over contexts.
 * @param world - the world (its preference matrix and π_ref).
 * @param probs - the policy, [contexts][responses].
 * @param tau - regularisation τ ≥ 0 (0: the unregularised game).
 * @returns ≥ 0; 0 at the equilibrium.
 * @throws ShapeError for a table of the wrong shape; ConfigError for rows that are not distributions.
 * @example
 * exploitability(world, world.reference, 0.1)
 */
export function exploitability(world: BanditWorld, probs: readonly (readonly number[])[], tau: number): number {
  checkDistributions('exploitability', 'probs', probs, world.contexts, world.responses);
  let s = 0;
  for (let c = 0; c < world.contexts; c++) s += contextExploitability(world.preference[c], probs[c], world.reference[c], tau);
  return s / world.contexts;
}

/** Options for {@link nashEquilibrium}. */
export interface NashEquilibriumOptions {
  /** Regularisation τ ≥ 0 toward π_ref. Default: 0.1. */
  tau?: number;
  /** Largest number of exact mirror-prox iterations. Default: 20000. */
  iterations?: number;
  /** Step size η. Default: 1. */
  eta?: number;
}

/**
 * The Nash equilibrium of the world's preference game, per context, by a long exact mirror-prox
 * run (extragradient on the simplex): for τ > 0 the regularised equilibrium (last iterate, run
 * until its exploitability is below 1e-9), for τ = 0 the unregularised one (the average iterate).
 * @param world - the world.
 * @param options - τ, iterations, step; see {@link NashEquilibriumOptions}.
 * @returns the equilibrium policy [contexts][responses] and its mean exploitability.
 * @throws ConfigError for a negative τ or a bad iteration count.
 * @example
 * const { policy, gap } = nashEquilibrium(cyclicWorld({ seed: 1 }), { tau: 0.1 });
 */
export function nashEquilibrium(world: BanditWorld, options: NashEquilibriumOptions = {}): { policy: number[][]; gap: number } {
  const tau = options.tau ?? 0.1;
  checkPositive('nashEquilibrium', 'tau', tau, true);
  const iterations = checkCount('nashEquilibrium', 'iterations', options.iterations ?? 20000);
  const eta = checkPositive('nashEquilibrium', 'eta', options.eta ?? 1);
  const policy = world.reference.map((ref, c) => {
    const P = world.preference[c];
    let pi = ref.slice();
    const avg = new Array(ref.length).fill(0);
    for (let t = 0; t < iterations; t++) {
      const half = mirrorStep(pi, ref, winRates(P, pi), eta, tau);
      pi = mirrorStep(pi, ref, winRates(P, half), eta, tau);
      if (tau === 0) half.forEach((v, k) => (avg[k] += v));
      else if (t % 50 === 0 && contextExploitability(P, pi, ref, tau) < 1e-9) break;
    }
    return tau === 0 ? avg.map((v) => v / iterations) : pi;
  });
  return { policy, gap: exploitability(world, policy, tau) };
}

/** π' ∝ π^(1−ητ)·π_ref^(ητ)·exp(η·g): one mirror-descent step on the regularised game. */
export function mirrorStep(pi: readonly number[], ref: readonly number[], gain: readonly number[], eta: number, tau: number): number[] {
  const mix = geometricMixture(pi, ref, eta * tau);
  return tilt(mix, gain.map((g) => eta * g));
}

/** π^(1−a)·π_ref^a, normalised (Nash-MD's mixture). */
export function geometricMixture(pi: readonly number[], ref: readonly number[], a: number): number[] {
  return tilt(pi, pi.map((p, k) => (p > 0 && ref[k] > 0 ? a * (Math.log(ref[k]) - Math.log(p)) : 0)));
}
