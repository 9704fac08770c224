import { ConfigError } from '../errors';
import { normal, rng } from '../util/random';
import { checkCurve } from './check-curve';
import { CURVE_FAMILIES, FAMILY_NAMES, type FamilyName } from './curve-families';
import { summarizeSamples, type Extrapolation } from './extrapolate';
import { fitFamily } from './fit-curve';

/** Options for {@link mcmcExtrapolate}. */
export interface McmcOptions {
  /** Families in the combination. Default: all eleven. */
  families?: FamilyName[];
  /** Walkers of the ensemble sampler. Default: 100 (the paper's). */
  walkers?: number;
  /** Steps kept per walker. Default: 2500 (the paper's). */
  steps?: number;
  /** Steps discarded first. Default: 500 (the paper's). */
  burnIn?: number;
  /** Keep every this many steps. Default: 10. */
  thin?: number;
  /** The horizon x_lim for the soft-monotonicity prior f(x₁) < f(x_lim) and f(x_lim) ∈ [0, 1]. Default: the largest x predicted. */
  xLim?: number;
  /** Central interval probability. Default: 0.9. */
  level?: number;
  /** Seed. Default: 0. */
  seed?: number;
}

/**
 * The model of Domhan, Springenberg & Hutter (IJCAI 2015): y(x) = Σ_k w_k·f_k(x | θ_k) + ε,
 * ε ~ N(0, σ²), sampled with an affine-invariant ensemble sampler (Goodman & Weare's stretch move,
 * as in emcee) started near each family's least-squares fit, with priors w_k ≥ 0, θ_k inside the
 * family's bounds, f(x₁) < f(x_lim) (soft monotonicity) and f(x_lim) ∈ [0, 1].
 * @param x - observed epochs; y - observed values; at - where to predict.
 * @returns predictive bands and samples (posterior draws plus noise), and the mean weights.
 * @throws ConfigError when there are too few walkers for the dimension.
 * @example
 * const e = mcmcExtrapolate(x10, y10, [50], { walkers: 100, steps: 800, burnIn: 200 });
 */
export function mcmcExtrapolate(x: readonly number[], y: readonly number[], at: readonly number[], options: McmcOptions = {}): Extrapolation {
  checkCurve('mcmcExtrapolate', x, y);
  const names = (options.families ?? [...FAMILY_NAMES]).filter((f) => CURVE_FAMILIES[f].params.length < x.length);
  const fams = names.map((n) => CURVE_FAMILIES[n]);
  const fits = names.map((n) => fitFamily(n, x, y, { seed: options.seed }));
  const K = fams.length;
  const offsets: number[] = [];
  let dim = K;
  for (const f of fams) {
    offsets.push(dim);
    dim += f.params.length;
  }
  const sigmaIndex = dim++;
  const walkers = options.walkers ?? 100;
  if (walkers < 2 * dim) throw new ConfigError(`mcmcExtrapolate: ${walkers} walkers for ${dim} parameters: the stretch move needs at least ${2 * dim}. Raise walkers or use fewer families.`);
  const xLim = options.xLim ?? Math.max(...at);
  const combined = (theta: number[], v: number) => {
    let s = 0;
    for (let k = 0; k < K; k++) s += theta[k] * fams[k].f(v, theta.slice(offsets[k], offsets[k] + fams[k].params.length));
    return s;
  };
  const logPost = (theta: number[]): number => {
    for (let k = 0; k < K; k++) {
      if (theta[k] < 0) return -Infinity;
      const p = fams[k].params.length;
      for (let j = 0; j < p; j++) {
        const [lo, hi] = fams[k].bounds[j];
        const v = theta[offsets[k] + j];
        if (v < lo || v > hi) return -Infinity;
      }
    }
    const sigma = Math.exp(theta[sigmaIndex]);
    if (!(sigma > 1e-5 && sigma < 1)) return -Infinity;
    const atLim = combined(theta, xLim);
    if (!(atLim >= 0 && atLim <= 1) || !(combined(theta, x[0]) < atLim)) return -Infinity;
    let ll = 0;
    for (let i = 0; i < x.length; i++) {
      const r = y[i] - combined(theta, x[i]);
      ll -= (r * r) / (2 * sigma * sigma);
    }
    ll -= x.length * Math.log(sigma);
    return Number.isFinite(ll) ? ll : -Infinity;
  };
  const rand = rng((options.seed ?? 0) + 7);
  const start: number[] = [...fits.map(() => 1 / K)];
  fits.forEach((f) => start.push(...f.params));
  const resid = Math.sqrt(x.reduce((s, v, i) => s + (y[i] - combined([...start, 0], v)) ** 2, 0) / x.length);
  start.push(Math.log(Math.max(resid, 1e-3)));
  const ensemble: number[][] = [];
  const logp: number[] = [];
  for (let w = 0; ensemble.length < walkers && w < walkers * 200; w++) {
    const theta = start.map((v, j) => (j < K ? Math.abs(v + 0.01 * normal(rand) / K) : j === sigmaIndex ? v + 0.01 * normal(rand) : v + 1e-4 * (1 + Math.abs(v)) * normal(rand)));
    const lp = logPost(theta);
    if (Number.isFinite(lp)) {
      ensemble.push(theta);
      logp.push(lp);
    }
  }
  if (ensemble.length < walkers) throw new ConfigError(`mcmcExtrapolate: could not start ${walkers} walkers inside the prior near the least-squares fits (got ${ensemble.length}); the curve may be too short or not increasing.`);
  const steps = options.steps ?? 2500;
  const burnIn = options.burnIn ?? 500;
  const thin = options.thin ?? 10;
  const kept: number[][] = [];
  const a = 2;
  for (let step = 0; step < burnIn + steps; step++) {
    for (let w = 0; w < walkers; w++) {
      let other = Math.floor(rand() * (walkers - 1));
      if (other >= w) other++;
      const z = ((a - 1) * rand() + 1) ** 2 / a;
      const proposal = ensemble[w].map((v, j) => ensemble[other][j] + z * (v - ensemble[other][j]));
      const lp = logPost(proposal);
      if (Math.log(rand()) < (dim - 1) * Math.log(z) + lp - logp[w]) {
        ensemble[w] = proposal;
        logp[w] = lp;
      }
    }
    if (step >= burnIn && (step - burnIn) % thin === 0) kept.push(...ensemble.map((t) => t.slice()));
  }
  const xs = [...at];
  const samples = xs.map((v) => kept.map((t) => combined(t, v) + Math.exp(t[sigmaIndex]) * normal(rand)));
  const level = options.level ?? 0.9;
  const meanW = names.map((_, k) => kept.reduce((s, t) => s + t[k], 0) / kept.length);
  const totalW = meanW.reduce((s, v) => s + v, 0);
  return { bands: summarizeSamples(xs, samples, level), samples, xs, level, weights: names.map((family, k) => ({ family, weight: meanW[k] / totalW })), fits: fits.slice().sort((u, v) => u.bic - v.bic) };
}
