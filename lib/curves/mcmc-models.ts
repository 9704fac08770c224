import { normal, type Rng } from '../util/random';
import { CURVE_FAMILIES, type CurveFamily } from './curve-families';
import type { FamilyFit } from './fit-curve';

/** The two posteriors {@link mcmcExtrapolate} can sample. */
export const MCMC_MODELS = ['bounded', 'domhan2015'] as const;
/** One of {@link MCMC_MODELS}. */
export type McmcModelName = (typeof MCMC_MODELS)[number];

/**
 * A log-posterior over θ = (w_1..w_K, θ_1..θ_K, noise) for the ensemble sampler, and how to read a
 * sample. Layout: the K weights first, then each family's parameters, then the noise parameter.
 */
export interface McmcModel {
  /** Families in the combination (least-squares fits the prior rejects are left out). */
  fits: FamilyFit[];
  dim: number;
  /** A starting point for one walker (random near the least-squares fits). */
  startWalker: (rand: Rng) => number[];
  /** log p(θ | data) up to a constant; −Infinity outside the prior. */
  logPost: (theta: number[]) => number;
  /** The noise-free combined curve Σ w̃_k f_k(x) at x (w̃: the weights the model uses). */
  curve: (theta: number[], x: number) => number;
  /** The noise standard deviation σ of θ. */
  sigma: (theta: number[]) => number;
  /** Each family's posterior mean weight over the kept samples, as shares summing to 1. */
  meanWeights: (kept: number[][]) => number[];
}

interface Layout {
  fams: CurveFamily[];
  K: number;
  offsets: number[];
  sigmaIndex: number;
  dim: number;
  split: (theta: number[]) => number[][];
}

function layout(fits: FamilyFit[]): Layout {
  const fams = fits.map((f) => CURVE_FAMILIES[f.family]);
  const K = fams.length;
  const offsets: number[] = [];
  let dim = K;
  for (const f of fams) {
    offsets.push(dim);
    dim += f.params.length;
  }
  const split = (theta: number[]) => fams.map((f, k) => theta.slice(offsets[k], offsets[k] + f.params.length));
  return { fams, K, offsets, sigmaIndex: dim, dim: dim + 1, split };
}

/**
 * This library's default posterior: y = Σ w_k f_k(x | θ_k) + ε, ε ~ N(0, σ²), with w_k ≥ 0 not
 * normalised, θ_k inside the family's bounds, log σ uniform on (ln 1e-5, 0), and priors on the
 * combined curve: f(x₁) < f(x_lim) and f(x_lim) ∈ [0, 1].
 */
export function boundedModel(fits: FamilyFit[], x: readonly number[], y: readonly number[], xLim: number): McmcModel {
  const { fams, K, offsets, sigmaIndex, dim, split } = layout(fits);
  const combinedOf = (theta: number[], parts: number[][], v: number) => {
    let s = 0;
    for (let k = 0; k < K; k++) s += theta[k] * fams[k].f(v, parts[k]);
    return s;
  };
  const curve = (theta: number[], v: number) => combinedOf(theta, split(theta), v);
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
    const parts = split(theta);
    const atLim = combinedOf(theta, parts, xLim);
    if (!(atLim >= 0 && atLim <= 1) || !(combinedOf(theta, parts, x[0]) < atLim)) return -Infinity;
    let ll = 0;
    for (let i = 0; i < x.length; i++) {
      const r = y[i] - combinedOf(theta, parts, x[i]);
      ll -= (r * r) / (2 * sigma * sigma);
    }
    ll -= x.length * Math.log(sigma);
    return Number.isFinite(ll) ? ll : -Infinity;
  };
  const start: number[] = [...fits.map(() => 1 / K)];
  fits.forEach((f) => start.push(...f.params));
  const resid = Math.sqrt(x.reduce((s, v, i) => s + (y[i] - curve([...start, 0], v)) ** 2, 0) / x.length);
  start.push(Math.log(Math.max(resid, 1e-3)));
  const startWalker = (rand: Rng) => start.map((v, j) => (j < K ? Math.abs(v + 0.01 * normal(rand) / K) : j === sigmaIndex ? v + 0.01 * normal(rand) : v + 1e-4 * (1 + Math.abs(v)) * normal(rand)));
  // the mean raw weights, normalised (the weights themselves are not)
  const meanWeights = (kept: number[][]) => {
    const mean = fits.map((_, k) => kept.reduce((s, t) => s + t[k], 0) / kept.length);
    const total = mean.reduce((s, v) => s + v, 0);
    return mean.map((v) => v / total);
  };
  return { fits, dim, startWalker, logPost, curve, sigma: (t) => Math.exp(t[sigmaIndex]), meanWeights };
}

// The authors' per-family prior (MCMCCurveModelCombination.ln_model_prior with
// soft_monotonicity_constraint and sanity_check_prior): f_k(2) ≤ f_k(x_lim), f_k(x_lim) finite in [0, 100].
function familyPriorOk(fam: CurveFamily, params: number[], xLim: number): boolean {
  const atLim = fam.f(xLim, params);
  if (fam.f(2, params) > atLim) return false;
  return Number.isFinite(atLim) && atLim >= 0 && atLim <= 100;
}

/**
 * Domhan, Springenberg & Hutter's posterior as their code (pylearningcurvepredictor,
 * `MCMCCurveModelCombination` as `setup_model_combination` builds it) defines it:
 * y = Σ (w_k / Σw) f_k(x | θ_k) + ε, ε ~ N(0, σ²), flat priors on w_k ≥ 0, on θ_k (unbounded) and
 * on σ > 0, and per family f_k(2) ≤ f_k(x_lim), f_k(x_lim) ∈ [0, 100]. Families whose
 * least-squares fit the prior rejects are left out, as theirs are. Walkers start within 1e-6 of
 * (w_k = 10, the fits, σ = std of the combined residuals), as theirs do. With `recencyWeighting`,
 * point i of n counts 10^(i/n) times in the log-likelihood, as in their termination script.
 */
export function domhanModel(allFits: FamilyFit[], x: readonly number[], y: readonly number[], xLim: number, recencyWeighting = false): McmcModel {
  const fits = allFits.filter((f) => Number.isFinite(f.sse) && familyPriorOk(CURVE_FAMILIES[f.family], f.params, xLim));
  const { fams, K, sigmaIndex, dim, split } = layout(fits);
  const totalOf = (theta: number[]) => {
    let total = 0;
    for (let k = 0; k < K; k++) total += theta[k];
    return total;
  };
  const combinedOf = (theta: number[], parts: number[][], total: number, v: number) => {
    let s = 0;
    for (let k = 0; k < K; k++) s += (theta[k] / total) * fams[k].f(v, parts[k]);
    return s;
  };
  const curve = (theta: number[], v: number) => combinedOf(theta, split(theta), totalOf(theta), v);
  const halfLog2Pi = 0.5 * Math.log(2 * Math.PI);
  // their recency_weights: point i of n counts 10^(i/n) times in the log-likelihood
  const recency = x.map((_, i) => (recencyWeighting ? 10 ** (i / x.length) : 1));
  const logPost = (theta: number[]): number => {
    for (let k = 0; k < K; k++) if (theta[k] < 0) return -Infinity;
    const parts = split(theta);
    for (let k = 0; k < K; k++) if (!familyPriorOk(fams[k], parts[k], xLim)) return -Infinity;
    const sigma = theta[sigmaIndex];
    if (!(sigma > 0)) return -Infinity; // scipy's norm.logpdf is NaN for scale ≤ 0
    const total = totalOf(theta);
    let ll = 0;
    for (let i = 0; i < x.length; i++) {
      const r = y[i] - combinedOf(theta, parts, total, x[i]);
      ll -= recency[i] * ((r * r) / (2 * sigma * sigma) + halfLog2Pi + Math.log(sigma));
    }
    return Number.isFinite(ll) ? ll : -Infinity;
  };
  const start: number[] = fits.map(() => 10);
  fits.forEach((f) => start.push(...f.params));
  const resid = x.map((v, i) => y[i] - curve([...start, 1], v));
  const mean = resid.reduce((s, r) => s + r, 0) / resid.length;
  start.push(Math.sqrt(resid.reduce((s, r) => s + (r - mean) ** 2, 0) / resid.length));
  const startWalker = (rand: Rng) => start.map((v) => v + 1e-6 * normal(rand));
  // the mean of the normalised weights, as their print_probs
  const meanWeights = (kept: number[][]) => fits.map((_, k) => kept.reduce((s, t) => s + t[k] / t.slice(0, K).reduce((a, w) => a + w, 0), 0) / kept.length);
  return { fits, dim, startWalker, logPost, curve, sigma: (t) => t[sigmaIndex], meanWeights };
}

/** The model of a name, built on least-squares fits of its families. */
export function buildMcmcModel(name: McmcModelName, fits: FamilyFit[], x: readonly number[], y: readonly number[], xLim: number, recencyWeighting = false): McmcModel {
  return name === 'domhan2015' ? domhanModel(fits, x, y, xLim, recencyWeighting) : boundedModel(fits, x, y, xLim);
}
