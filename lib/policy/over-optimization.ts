import * as aq from 'arquero';
import { ConfigError, unknownKeywordMessage } from '../errors';
import { levenbergMarquardt } from '../curves/levenberg-marquardt';
import type { BanditWorld } from './bandit-world';
import { checkCount, checkMatrix, checkPositive } from './check-inputs';
import { klDivergence, optimalPolicy } from './optimal-policy';

/**
 * The exact best-of-N policy over a context's responses: draw N from π_ref, keep the one the
 * proxy scores highest. With responses sorted by proxy score and F the reference's cumulative
 * mass, P(best = y) = F(y)^N − F(y⁻)^N (ties broken by index).
 * @param reference - π_ref over the responses.
 * @param proxy - the score that picks the best.
 * @param n - N ≥ 1.
 * @returns the best-of-N distribution.
 * @example
 * bestOfNPolicy([0.5, 0.5], [0, 1], 2) // [0.25, 0.75]
 */
export function bestOfNPolicy(reference: readonly number[], proxy: readonly number[], n: number): number[] {
  const order = reference.map((_, k) => k).sort((a, b) => proxy[a] - proxy[b] || a - b);
  const out = new Array(reference.length).fill(0);
  let below = 0;
  for (const k of order) {
    const upto = below + reference[k];
    out[k] = Math.max(0, Math.min(1, upto) ** n - below ** n);
    below = upto;
  }
  const s = out.reduce((a, b) => a + b, 0);
  return out.map((v) => v / s);
}

/** Options for {@link overoptimization}. */
export interface OveroptimizationOptions {
  /** Values of N for best-of-N. Default: 1, 2, 4, …, 1024. */
  ns?: number[];
  /** Values of β for KL-regularised RL on the proxy (its exact optimum π_ref·exp(proxy/β)). Default: 20 values from 10 down to 0.02. */
  betas?: number[];
}

/**
 * Reward over-optimisation on a bandit, exactly (Gao, Schulman & Hilton 2023): the gold reward
 * gained over π_ref, E_π[r*] − E_ref[r*], against d = √KL(π ‖ π_ref), for best-of-N on a proxy
 * reward and for KL-regularised RL on the proxy (the exact optimum at each β, where RL converges).
 * A proxy that errs in its tails shows the gold gain rising, then falling as d grows.
 * @param world - the bandit (its r* is the gold reward).
 * @param proxy - the proxy reward [contexts][responses], e.g. a learned model's scores.
 * @param options - N values and β values; see {@link OveroptimizationOptions}.
 * @returns rows method ("best-of-n" or "rl"), n, beta, kl, d, gold (gain in r*), proxy (gain in the proxy).
 * @throws ConfigError for N < 1 or β ≤ 0; ShapeError for a proxy of the wrong shape.
 * @example
 * const curves = overoptimization(world, rHat);
 */
export function overoptimization(world: BanditWorld, proxy: readonly (readonly number[])[], options: OveroptimizationOptions = {}): aq.ColumnTable {
  checkMatrix('overoptimization', 'proxy', proxy, world.contexts, world.responses);
  const ns = options.ns ?? Array.from({ length: 11 }, (_, i) => 2 ** i);
  const betas = options.betas ?? Array.from({ length: 20 }, (_, i) => 10 * Math.pow(0.02 / 10, i / 19));
  ns.forEach((n) => checkCount('overoptimization', 'N', n));
  betas.forEach((b) => checkPositive('overoptimization', 'beta', b));
  const gain = (probs: number[][], table: readonly (readonly number[])[]) =>
    probs.reduce((s, pi, c) => s + pi.reduce((t, p, k) => t + (p - world.reference[c][k]) * table[c][k], 0), 0) / world.contexts;
  const row = (method: string, n: number, beta: number, probs: number[][]) => {
    const kl = probs.reduce((s, pi, c) => s + klDivergence(pi, world.reference[c]), 0) / world.contexts;
    return { method, n, beta, kl, d: Math.sqrt(kl), gold: gain(probs, world.rStar), proxy: gain(probs, proxy) };
  };
  return aq.from([
    ...ns.map((n) => row('best-of-n', n, NaN, world.reference.map((ref, c) => bestOfNPolicy(ref, proxy[c], n)))),
    ...betas.map((b) => row('rl', NaN, b, optimalPolicy(world, b, proxy))),
  ]);
}

/** The two functional forms of Gao et al. (2023). */
export type GaoForm = 'best-of-n' | 'rl';

/** A fitted form: R(d) = d·(α − β·d) (best-of-N) or d·(α − β·log d) (RL). */
export interface GaoFit {
  form: GaoForm;
  alpha: number;
  beta: number;
  /** Sum of squared residuals. */
  sse: number;
  predict: (d: number) => number;
}

/**
 * Fits Gao et al.'s functional form to gold-reward gains by least squares (Levenberg–Marquardt
 * from lib/curves): R_bon(d) = d(α − β·d), R_RL(d) = d(α − β·log d), with d = √KL.
 * @param form - "best-of-n" or "rl".
 * @param d - √KL values (> 0 for the RL form).
 * @param gold - gold-reward gains at each d.
 * @returns α, β, the residual sum of squares and the fitted curve.
 * @throws ConfigError for an unknown form; ShapeError-like ConfigError when fewer than 3 points or lengths differ.
 * @example
 * const fit = fitGaoForm('best-of-n', [0.5, 1, 1.5, 2], [0.4, 0.6, 0.55, 0.3]);
 */
export function fitGaoForm(form: GaoForm, d: readonly number[], gold: readonly number[]): GaoFit {
  if (form !== 'best-of-n' && form !== 'rl') throw new ConfigError(unknownKeywordMessage('fitGaoForm', 'form', form, ['best-of-n', 'rl']));
  if (d.length !== gold.length || d.length < 3) throw new ConfigError(`fitGaoForm: got ${d.length} values of d and ${gold.length} gold rewards: expected the same number, at least 3.`);
  const f = form === 'best-of-n' ? (x: number, p: readonly number[]) => x * (p[0] - p[1] * x) : (x: number, p: readonly number[]) => x * (p[0] - p[1] * Math.log(Math.max(x, 1e-12)));
  const fit = levenbergMarquardt(f, d, gold, [1, 0.1], [[-100, 100], [-100, 100]]);
  const [alpha, beta] = fit.params;
  return { form, alpha, beta, sse: fit.sse, predict: (x: number) => f(x, [alpha, beta]) };
}
