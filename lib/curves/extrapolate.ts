import * as aq from 'arquero';
import { ConfigError } from '../errors';
import { normal, rng, type Rng } from '../util/random';
import { checkCurve } from './check-curve';
import { CURVE_FAMILIES } from './curve-families';
import { fitAllFamilies, type FamilyFit, type FitFamilyOptions } from './fit-curve';
import { jacobian, solveLinear } from './levenberg-marquardt';

/** Predictive samples of a curve at chosen x, plus their summary. */
export interface Extrapolation {
  /** Rows x, mean, lower, upper (the central interval at `level`). */
  bands: aq.ColumnTable;
  /** Samples of y at each requested x: samples[i] belongs to xs[i]. */
  samples: number[][];
  xs: number[];
  level: number;
  /** Weight of each family in the ensemble (by BIC, or the posterior mean weight for MCMC). */
  weights: { family: string; weight: number }[];
  /** The least-squares fit of each family, best BIC first. */
  fits: FamilyFit[];
}

/** Options for {@link extrapolateCurve}. */
export interface ExtrapolateOptions extends FitFamilyOptions {
  /** Central interval probability. Default: 0.9. */
  level?: number;
  /** Predictive samples. Default: 4000. */
  samples?: number;
}

// 99.99% quantiles of the χ² distribution by degrees of freedom (the number of parameters).
const CHI2_9999: Record<number, number> = { 1: 15.1, 2: 18.4, 3: 21.1, 4: 23.5, 5: 25.7 };

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (pos - lo);
}

/**
 * Summarises samples per x into rows x, mean, lower, upper. Non-finite samples are left out (as
 * the authors' masked means do); a column without any finite sample gives NaN.
 * @example
 * summarizeSamples([50], [[0.8, 0.82, 0.85]], 0.9)
 */
export function summarizeSamples(xs: number[], samples: number[][], level: number): aq.ColumnTable {
  return aq.from(xs.map((x, i) => {
    const s = samples[i].filter(Number.isFinite).sort((a, b) => a - b);
    if (s.length === 0) return { x, mean: NaN, lower: NaN, upper: NaN };
    return { x, mean: s.reduce((a, b) => a + b, 0) / s.length, lower: quantile(s, (1 - level) / 2), upper: quantile(s, 1 - (1 - level) / 2) };
  }));
}

// Cholesky factor of a symmetric positive (semi)definite matrix, with a small jitter.
function cholesky(A: number[][]): number[][] {
  const n = A.length;
  const L = A.map(() => new Array(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = i === j ? Math.sqrt(Math.max(s, 1e-18)) : s / L[j][j];
    }
  }
  return L;
}

// Laplace approximation: parameter covariance σ²(JᵀJ)⁻¹ at the least-squares fit.
function covariance(fit: FamilyFit, x: readonly number[]): number[][] {
  const fam = CURVE_FAMILIES[fit.family];
  const J = jacobian(fam.f, x, fit.params);
  const k = fit.params.length;
  const JtJ = Array.from({ length: k }, (_, a) => Array.from({ length: k }, (_, b) => J.reduce((s, row) => s + row[a] * row[b], 0) + (a === b ? 1e-9 : 0)));
  return Array.from({ length: k }, (_, col) => solveLinear(JtJ, Array.from({ length: k }, (_, r) => (r === col ? 1 : 0))) ?? new Array(k).fill(0)).map((colVec) => colVec.map((v) => v * fit.sigma ** 2));
}

function drawFamilySample(fit: FamilyFit, L: number[][], rand: Rng): number[] {
  const fam = CURVE_FAMILIES[fit.family];
  const z = fit.params.map(() => normal(rand));
  return fit.params.map((p, i) => {
    let v = p;
    for (let j = 0; j <= i; j++) v += L[i][j] * z[j];
    return Math.min(fam.bounds[i][1], Math.max(fam.bounds[i][0], v));
  });
}

/**
 * Extrapolates a learning curve with uncertainty, cheaply: fits the eleven families, weights
 * them by BIC (an approximation to Bayesian model averaging), and samples each family's
 * parameters from the Laplace approximation σ²(JᵀJ)⁻¹ around its fit, plus observation noise,
 * keeping draws that satisfy the paper's priors (no fall toward the horizon, end value in [0, 1])
 * and stay inside the 99.99% likelihood-ratio region of the observed points.
 * For the paper's MCMC over the weighted combination, use `mcmcExtrapolate`.
 * @param x - observed epochs (increasing, > 0).
 * @param y - observed values.
 * @param at - where to predict, e.g. every epoch up to the budget.
 * @returns predictive bands and samples.
 * @throws ShapeError/NumericError/DataFormatError for bad curves; ConfigError for a bad level.
 * @example
 * const e = extrapolateCurve(epochs.slice(0, 10), acc.slice(0, 10), [20, 50]);
 */
export function extrapolateCurve(x: readonly number[], y: readonly number[], at: readonly number[], options: ExtrapolateOptions = {}): Extrapolation {
  checkCurve('extrapolateCurve', x, y);
  const level = options.level ?? 0.9;
  if (!(level > 0 && level < 1)) throw new ConfigError(`extrapolateCurve: level is ${level}: expected a probability in (0, 1).`);
  const fits = fitAllFamilies(x, y, options);
  const best = Math.min(...fits.map((f) => f.bic));
  const raw = fits.map((f) => Math.exp(-(f.bic - best) / 2));
  const total = raw.reduce((a, b) => a + b, 0);
  const weights = raw.map((w) => w / total);
  const chol = fits.map((f) => cholesky(covariance(f, x)));
  const rand = rng((options.seed ?? 0) + 99);
  const n = options.samples ?? 4000;
  const xs = [...at];
  const samples: number[][] = xs.map(() => []);
  const xLim = Math.max(...xs);
  const xLast = x[x.length - 1];
  for (let s = 0, tries = 0; s < n && tries < 50 * n; tries++) {
    let u = rand();
    let k = 0;
    while (k < weights.length - 1 && u >= weights[k]) u -= weights[k++];
    const params = drawFamilySample(fits[k], chol[k], rand);
    const fam = CURVE_FAMILIES[fits[k].family];
    // The paper's priors: the curve does not fall toward the horizon, and ends inside [0, 1].
    const end = fam.f(xLim, params);
    if (!(end >= 0 && end <= 1 && end >= fam.f(xLast, params) - 1e-9)) continue;
    // Parameters at a bound or poorly identified make the Gaussian approximation too wide: keep
    // only draws inside the 99.99% likelihood-ratio region of the observed points.
    let drawSse = 0;
    for (let i = 0; i < x.length; i++) drawSse += (fam.f(x[i], params) - y[i]) ** 2;
    if ((drawSse - fits[k].sse) / fits[k].sigma ** 2 > CHI2_9999[params.length]) continue;
    const eps = normal(rand) * fits[k].sigma;
    xs.forEach((v, i) => samples[i].push(fam.f(v, params) + eps));
    s++;
  }
  if (samples[0].length === 0) throw new ConfigError('extrapolateCurve: no sampled curve satisfied the priors (rising toward the horizon, ending in [0, 1]); is the curve an increasing accuracy curve?');
  return { bands: summarizeSamples(xs, samples, level), samples, xs, level, weights: fits.map((f, i) => ({ family: f.family, weight: weights[i] })), fits };
}
