import { ConfigError, unknownKeywordMessage } from '../errors';
import { hasInstalledSink } from '../display/display-sink';
import { progressBar } from '../display/progress-bar';
import { normal, rng } from '../util/random';
import { checkCurve } from './check-curve';
import { CURVE_FAMILIES, FAMILY_NAMES, type FamilyName } from './curve-families';
import { summarizeSamples, type Extrapolation } from './extrapolate';
import { fitFamily } from './fit-curve';
import { mcmcDiagnostics, type McmcDiagnostics } from './mcmc-diagnostics';
import { buildMcmcModel, MCMC_MODELS, type McmcModelName } from './mcmc-models';

/** Options for {@link mcmcExtrapolate}. */
export interface McmcOptions {
  /**
   * Which posterior: "bounded" (this library's, the default) or "domhan2015" (the authors' code's).
   * See {@link mcmcExtrapolate} for how they differ.
   */
  model?: McmcModelName;
  /** Families in the combination. Default: all eleven. */
  families?: FamilyName[];
  /** Walkers of the ensemble sampler. Default: 100 (the paper's). */
  walkers?: number;
  /** Steps kept per walker. Default: 2500 (bounded); 2000 (domhan2015: their 2500 steps include the burn-in). */
  steps?: number;
  /** Steps discarded first. Default: 500 (the paper's). */
  burnIn?: number;
  /** Keep every this many steps. Default: 10 (their code keeps every step; thinning changes only the Monte Carlo error). */
  thin?: number;
  /** The horizon x_lim of the priors. Default: the largest x predicted. */
  xLim?: number;
  /** Central interval probability. Default: 0.9. */
  level?: number;
  /**
   * Whether predictive samples include the noise ε ~ N(0, σ²) (a band for an observed value) or
   * are of the noise-free curve (a band for the curve). Default: true for bounded, false for
   * domhan2015 (their `predictive_distribution`). For `shouldStopEarly` as their termination
   * criterion's default `posterior_prob_x_greater_than` (which adds the noise), use true.
   */
  noise?: boolean;
  /**
   * domhan2015 only: weight point i of n by 10^(i/n) in the log-likelihood, as the authors'
   * termination script does (`recency_weighting=True`; their model factory's default is off).
   * Default: false.
   */
  recencyWeighting?: boolean;
  /** Called with each convergence warning. Default: `console.warn`. */
  onWarning?: (message: string) => void;
  /** Show a progress bar over the steps (see `progressBar`). Default: true in a notebook (inside the kernel), false elsewhere. */
  progress?: boolean;
  /** Seed. Default: 0. */
  seed?: number;
}

/** An MCMC extrapolation: the bands and samples, plus how well the sampler mixed. */
export interface McmcExtrapolation extends Extrapolation {
  diagnostics: McmcDiagnostics;
}

/**
 * Extrapolates with the weighted combination of curve families of Domhan, Springenberg & Hutter
 * (IJCAI 2015), y(x) = Σ_k w_k·f_k(x | θ_k) + ε, ε ~ N(0, σ²), sampled with an affine-invariant
 * ensemble sampler (Goodman & Weare's stretch move, as emcee) started near each family's
 * least-squares fit. Every result carries convergence diagnostics for the prediction at x_lim
 * (acceptance rate, autocorrelation time and effective sample size as emcee computes them,
 * split-R̂ over walkers), and each check that fails is passed to `onWarning`.
 *
 * Two posteriors (`model`):
 * - **"domhan2015"**, the authors' code (pylearningcurvepredictor, `setup_model_combination`):
 *   weights normalised, w_k / Σw, each ≥ 0; family parameters free; σ > 0 with a flat prior;
 *   per family f_k(2) ≤ f_k(x_lim) and f_k(x_lim) ∈ [0, 100]; samples of the noise-free
 *   combined curve. Their recency weighting of the likelihood (on in their termination script,
 *   off in their model factory) is `recencyWeighting: true`.
 * - **"bounded"** (default) differs in five ways, each to keep an accuracy curve's extrapolation
 *   inside what an accuracy can do on short prefixes: weights not normalised (the combination
 *   may scale the families; the authors' normalised weights leave the scale of w improper);
 *   θ_k inside `CURVE_FAMILIES` bounds (free parameters let families with little weight wander
 *   anywhere); log σ uniform on (ln 1e-5, 0) (a flat prior in σ has a heavy tail); the priors on
 *   the combined curve, f(x₁) < f(x_lim) and f(x_lim) ∈ [0, 1] (what is predicted is the
 *   combination, and accuracy ends in [0, 1]); samples include the noise.
 * On short prefixes the two can differ by more than their Monte Carlo error (notebook 03 shows
 * both on 8 epochs); with all eleven families neither mixes in the paper's 2500 steps. The
 * authors' posterior is improper in the scale of w (only w / Σw enters the likelihood), which
 * widens what an ensemble sampler draws a little: theirs in emcee and ours alike.
 * `mcmc.test.ts` checks "domhan2015" against emcee run on their log-posterior.
 * @param x - observed epochs; y - observed values; at - where to predict.
 * @returns predictive bands and samples, the mean weights (as shares), the least-squares fits of
 *   the families used, and `diagnostics`.
 * @throws ConfigError for an unknown model, recencyWeighting without domhan2015, too few walkers
 *   for the dimension, no family's fit inside the prior, or walkers that cannot start inside it;
 *   ShapeError, NumericError or DataFormatError for a bad curve.
 * @example
 * const e = mcmcExtrapolate(x10, y10, [50], { model: 'domhan2015', steps: 800, burnIn: 200 });
 * e.diagnostics.converged
 */
export function mcmcExtrapolate(x: readonly number[], y: readonly number[], at: readonly number[], options: McmcOptions = {}): McmcExtrapolation {
  checkCurve('mcmcExtrapolate', x, y);
  const modelName = options.model ?? 'bounded';
  if (!MCMC_MODELS.includes(modelName)) throw new ConfigError(unknownKeywordMessage('mcmcExtrapolate', 'model', modelName, MCMC_MODELS));
  if (options.recencyWeighting && modelName !== 'domhan2015') throw new ConfigError(`mcmcExtrapolate: recencyWeighting is part of the authors' model, but model is "${modelName}": use model: 'domhan2015', or leave recencyWeighting out.`);
  const names = (options.families ?? [...FAMILY_NAMES]).filter((f) => CURVE_FAMILIES[f].params.length < x.length);
  const xLim = options.xLim ?? Math.max(...at);
  const model = buildMcmcModel(modelName, names.map((n) => fitFamily(n, x, y, { seed: options.seed })), x, y, xLim, options.recencyWeighting);
  const { dim, logPost } = model;
  if (model.fits.length === 0) throw new ConfigError(`mcmcExtrapolate (${modelName}): no family's least-squares fit satisfies the prior at x_lim = ${xLim}; is the curve an increasing accuracy curve?`);
  const walkers = options.walkers ?? 100;
  if (walkers < 2 * dim) throw new ConfigError(`mcmcExtrapolate: ${walkers} walkers for ${dim} parameters: the stretch move needs at least ${2 * dim}. Raise walkers or use fewer families.`);
  const rand = rng((options.seed ?? 0) + 7);
  const ensemble: number[][] = [];
  const logp: number[] = [];
  for (let w = 0; ensemble.length < walkers && w < walkers * 200; w++) {
    const theta = model.startWalker(rand);
    const lp = logPost(theta);
    if (Number.isFinite(lp)) {
      ensemble.push(theta);
      logp.push(lp);
    }
  }
  if (ensemble.length < walkers) throw new ConfigError(`mcmcExtrapolate: could not start ${walkers} walkers inside the prior near the least-squares fits (got ${ensemble.length}); the curve may be too short or not increasing.`);
  const steps = options.steps ?? (modelName === 'domhan2015' ? 2000 : 2500);
  const burnIn = options.burnIn ?? 500;
  const thin = options.thin ?? 10;
  const kept: number[][] = [];
  const traces: number[][] = ensemble.map(() => []);
  let accepted = 0;
  const a = 2;
  // Throttled inside: a call per step costs nothing when no draw is due.
  const bar = (options.progress ?? hasInstalledSink()) ? progressBar({ total: burnIn + steps, label: `mcmc (${modelName})` }) : undefined;
  for (let step = 0; step < burnIn + steps; step++) {
    bar?.update(step, { message: step < burnIn ? 'burn-in' : `acceptance ${(accepted / Math.max(1, walkers * (step - burnIn))).toFixed(2)}` });
    for (let w = 0; w < walkers; w++) {
      let other = Math.floor(rand() * (walkers - 1));
      if (other >= w) other++;
      const z = ((a - 1) * rand() + 1) ** 2 / a;
      const proposal = ensemble[w].map((v, j) => ensemble[other][j] + z * (v - ensemble[other][j]));
      const lp = logPost(proposal);
      if (Math.log(rand()) < (dim - 1) * Math.log(z) + lp - logp[w]) {
        ensemble[w] = proposal;
        logp[w] = lp;
        if (step >= burnIn) accepted++;
      }
    }
    if (step >= burnIn && (step - burnIn) % thin === 0) {
      ensemble.forEach((t, w) => {
        kept.push(t.slice());
        traces[w].push(model.curve(t, xLim));
      });
    }
  }
  const diagnostics = mcmcDiagnostics({ model: modelName, walkers, steps, burnIn, thin, accepted, proposed: walkers * steps }, traces);
  if (bar) {
    bar.update(burnIn + steps, { message: `acceptance ${diagnostics.acceptance.toFixed(2)}` });
    void bar.done();
  }
  const warn = options.onWarning ?? ((m: string) => console.warn(m));
  diagnostics.warnings.forEach((m) => warn(m));
  const xs = [...at];
  const noise = options.noise ?? modelName !== 'domhan2015';
  const samples = xs.map((v) => kept.map((t) => (noise ? model.curve(t, v) + model.sigma(t) * normal(rand) : model.curve(t, v))));
  const level = options.level ?? 0.9;
  const meanWeights = model.meanWeights(kept);
  return {
    bands: summarizeSamples(xs, samples, level),
    samples,
    xs,
    level,
    weights: model.fits.map((f, k) => ({ family: f.family, weight: meanWeights[k] })),
    fits: model.fits.slice().sort((u, v) => u.bic - v.bic),
    diagnostics,
  };
}
