import * as aq from 'arquero';
import { ConfigError, unknownKeywordMessage } from '../errors';
import { rng } from '../util/random';
import { checkCurve } from './check-curve';
import { CURVE_FAMILIES, FAMILY_NAMES, type FamilyName } from './curve-families';
import { levenbergMarquardt } from './levenberg-marquardt';

/** A family fitted to a curve. */
export interface FamilyFit {
  family: FamilyName;
  params: number[];
  /** Sum of squared residuals. */
  sse: number;
  /** Residual standard deviation, √(SSE / (n − k)). */
  sigma: number;
  /** Bayesian information criterion n·ln(SSE/n) + k·ln n (lower is better). */
  bic: number;
  /** Model value at x. */
  predict: (x: number) => number;
}

/** Options for {@link fitFamily}. */
export interface FitFamilyOptions {
  /** Starts besides the family's own starting values (random points inside the bounds). Default: 6. */
  restarts?: number;
  /** Seed of the restarts. Default: 0. */
  seed?: number;
}

/**
 * Fits one curve family by box-constrained Levenberg–Marquardt with restarts.
 * @param family - e.g. "pow3".
 * @param x - epochs or training-set sizes, increasing, > 0.
 * @param y - the observed values (accuracies).
 * @returns the best fit over all starts.
 * @throws ShapeError, NumericError or DataFormatError for a short, non-finite or unsorted curve; ConfigError for an unknown family.
 * @example
 * fitFamily('pow3', [1, 2, 3, 4, 5], [0.5, 0.62, 0.68, 0.71, 0.73]).predict(50)
 */
export function fitFamily(family: FamilyName, x: readonly number[], y: readonly number[], options: FitFamilyOptions = {}): FamilyFit {
  const fam = CURVE_FAMILIES[family];
  if (!fam) throw new ConfigError(unknownKeywordMessage('fitFamily', 'family', family, FAMILY_NAMES));
  checkCurve('fitFamily', x, y, fam.params.length + 1);
  const rand = rng(options.seed ?? 0);
  const starts = [fam.init(x, y)];
  for (let r = 0; r < (options.restarts ?? 6); r++) {
    const base = starts[0];
    starts.push(base.map((v, j) => {
      const [lo, hi] = fam.bounds[j];
      // half the restarts perturb the default start, half sample the box (log-uniform for wide positive ranges)
      if (r % 2 === 0) return Math.min(hi, Math.max(lo, v + (rand() - 0.5) * (Math.abs(v) + 0.5)));
      return lo > 0 && hi / lo > 100 ? Math.exp(Math.log(lo) + rand() * Math.log(hi / lo)) : lo + rand() * (hi - lo);
    }));
  }
  let best = { params: starts[0], sse: Infinity };
  for (const s of starts) {
    const r = levenbergMarquardt(fam.f, x, y, s, fam.bounds);
    if (r.sse < best.sse) best = r;
  }
  const n = x.length;
  const k = fam.params.length;
  const sse = best.sse;
  const params = best.params;
  return {
    family,
    params,
    sse,
    sigma: Math.sqrt(sse / Math.max(1, n - k)),
    bic: n * Math.log(Math.max(sse, 1e-300) / n) + k * Math.log(n),
    predict: (v: number) => fam.f(v, params),
  };
}

/**
 * Fits all eleven families of Domhan et al. to one curve.
 * @returns the fits, best BIC first; families that failed (non-finite SSE) are left out.
 * @example
 * fitAllFamilies(epochs, accuracies).map((f) => f.family)
 */
export function fitAllFamilies(x: readonly number[], y: readonly number[], options: FitFamilyOptions & { families?: FamilyName[] } = {}): FamilyFit[] {
  checkCurve('fitAllFamilies', x, y);
  const fits: FamilyFit[] = [];
  for (const name of options.families ?? FAMILY_NAMES) {
    if (x.length <= CURVE_FAMILIES[name].params.length) continue;
    const fit = fitFamily(name, x, y, options);
    if (Number.isFinite(fit.sse)) fits.push(fit);
  }
  return fits.sort((a, b) => a.bic - b.bic);
}

/**
 * The fits as a table: family, formula, sse, sigma, bic, params.
 * @example
 * fitsTable(fitAllFamilies(epochs, accuracies))
 */
export function fitsTable(fits: FamilyFit[]): aq.ColumnTable {
  return aq.from(fits.map((f) => ({
    family: f.family,
    formula: CURVE_FAMILIES[f.family].formula,
    sse: f.sse,
    sigma: f.sigma,
    bic: f.bic,
    params: f.params.map((p, i) => `${CURVE_FAMILIES[f.family].params[i]}=${Number(p.toPrecision(3))}`).join(' '),
  })));
}
