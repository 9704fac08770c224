/** How well an MCMC run mixed, for the prediction at the horizon x_lim. */
export interface McmcDiagnostics {
  /** Which posterior was sampled. */
  model: string;
  walkers: number;
  /** Steps kept per walker (after burn-in), and every how many one was kept. */
  steps: number;
  burnIn: number;
  thin: number;
  /** Share of stretch moves accepted after burn-in (Foreman-Mackey et al. 2013: 0.2–0.5 is healthy). */
  acceptance: number;
  /** Integrated autocorrelation time of the noise-free prediction at x_lim, in steps (emcee's estimator). */
  autocorrelationTime: number;
  /** Effective sample size of that prediction: walkers × steps / τ. */
  effectiveSampleSize: number;
  /** Split-R̂ (Gelman–Rubin) of that prediction over walkers: near 1 when the walkers agree. */
  rHat: number;
  /** No warning. */
  converged: boolean;
  /** What looks poor, with what to do; empty when converged. */
  warnings: string[];
}

/**
 * When a run is reported as poorly mixed: acceptance below 0.1 (Foreman-Mackey et al. 2013 find
 * 0.2–0.5 typical of a healthy stretch move), fewer than 400 effective samples (Vehtari et al.
 * 2021, for stable 5% and 95% quantiles), or split-R̂ above 1.1 (Gelman et al.; their stricter
 * 1.01 is meant for independent chains, which an ensemble's walkers are not); also when the kept
 * chain is shorter than 10 autocorrelation times, where τ and the effective sample size are
 * themselves underestimated (emcee trusts τ from 50).
 */
export const MCMC_THRESHOLDS = { minAcceptance: 0.1, minEffectiveSamples: 400, maxRHat: 1.1, minStepsPerTau: 10 } as const;

// In-place iterative radix-2 FFT (n a power of two).
function fft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = ((inverse ? 2 : -2) * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const tr = re[b] * cr - im[b] * ci;
        const ti = re[b] * ci + im[b] * cr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
        const ncr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = ncr;
      }
    }
  }
}

/**
 * Integrated autocorrelation time of an ensemble's chains, as emcee's `integrated_time`: the
 * normalised autocorrelation function of each chain (by FFT), averaged over chains,
 * τ(M) = 1 + 2 Σ_{t=1..M} ρ(t), with Sokal's window: the smallest M ≥ 5·τ(M).
 * @param chains - one series per walker, all the same length.
 * @returns τ in steps of the series (1 for independent draws); NaN for constant chains.
 * @example
 * autocorrelationTime([[0.1, 0.5, 0.2, 0.4], [0.3, 0.2, 0.6, 0.1]])
 */
export function autocorrelationTime(chains: readonly (readonly number[])[]): number {
  const n = chains[0]?.length ?? 0;
  if (n < 2) return NaN;
  let size = 1;
  while (size < 2 * n) size <<= 1;
  const rho = new Float64Array(n);
  let used = 0;
  for (const c of chains) {
    const mean = c.reduce((s, v) => s + v, 0) / n;
    const re = new Float64Array(size);
    const im = new Float64Array(size);
    for (let i = 0; i < n; i++) re[i] = c[i] - mean;
    fft(re, im, false);
    for (let i = 0; i < size; i++) {
      re[i] = re[i] * re[i] + im[i] * im[i];
      im[i] = 0;
    }
    fft(re, im, true);
    if (!(re[0] > 0)) continue; // a walker that never moved carries no information on τ
    for (let t = 0; t < n; t++) rho[t] += re[t] / re[0];
    used++;
  }
  if (used === 0) return NaN;
  let tau = 1;
  for (let m = 1; m < n; m++) {
    tau += (2 * rho[m]) / used;
    if (m >= 5 * tau) return tau;
  }
  return tau;
}

/**
 * Split-R̂ of Gelman & Rubin over chains: each chain is halved, then
 * R̂ = √(((n−1)/n·W + B/n) / W) with W the mean within-half variance and B/n the variance of the
 * half means.
 * @param chains - one series per walker, all the same length (≥ 4).
 * @returns R̂ (1 when the halves agree; Infinity when every chain is constant but they differ).
 * @example
 * splitRHat([[0.1, 0.5, 0.2, 0.4], [0.3, 0.2, 0.6, 0.1]])
 */
export function splitRHat(chains: readonly (readonly number[])[]): number {
  const half = Math.floor((chains[0]?.length ?? 0) / 2);
  if (half < 2) return NaN;
  const parts = chains.flatMap((c) => [c.slice(0, half), c.slice(c.length - half)]);
  const means = parts.map((p) => p.reduce((s, v) => s + v, 0) / half);
  const grand = means.reduce((s, v) => s + v, 0) / means.length;
  const W = parts.reduce((s, p, j) => s + p.reduce((a, v) => a + (v - means[j]) ** 2, 0) / (half - 1), 0) / parts.length;
  const Bn = means.reduce((s, m) => s + (m - grand) ** 2, 0) / (means.length - 1);
  if (W === 0) return Bn === 0 ? 1 : Infinity;
  return Math.sqrt(((half - 1) / half) * W + Bn) / Math.sqrt(W);
}

/**
 * Diagnostics of one run from its acceptance count and each walker's kept trace of the
 * prediction at x_lim, with a warning for each check that fails (see {@link MCMC_THRESHOLDS}).
 * @param run - the sampler's settings and its accepted / proposed moves after burn-in.
 * @param traces - per walker, the kept (thinned) values of the prediction at x_lim.
 * @returns the diagnostics; `converged` is false when any warning was raised.
 * @example
 * mcmcDiagnostics({ model: 'bounded', walkers: 2, steps: 4, burnIn: 0, thin: 1, accepted: 3, proposed: 8 }, [[0.1, 0.5, 0.2, 0.4], [0.3, 0.2, 0.6, 0.1]])
 */
export function mcmcDiagnostics(run: { model: string; walkers: number; steps: number; burnIn: number; thin: number; accepted: number; proposed: number }, traces: number[][]): McmcDiagnostics {
  const acceptance = run.proposed > 0 ? run.accepted / run.proposed : NaN;
  // below 1 only by the estimator's noise on short chains; MCMC draws are not anti-correlated
  const tauThinned = Math.max(1, autocorrelationTime(traces));
  const tau = tauThinned * run.thin;
  const kept = traces.length * (traces[0]?.length ?? 0);
  const effectiveSampleSize = kept / tauThinned;
  const rHat = splitRHat(traces);
  const t = MCMC_THRESHOLDS;
  const warnings: string[] = [];
  const fix = 'Run more steps (and burn-in), or combine fewer families.';
  if (!(acceptance >= t.minAcceptance)) warnings.push(`mcmcExtrapolate (${run.model}): acceptance rate ${acceptance.toFixed(3)} is below ${t.minAcceptance}: the walkers barely move (0.2–0.5 is healthy). ${fix}`);
  if (!(effectiveSampleSize >= t.minEffectiveSamples)) warnings.push(`mcmcExtrapolate (${run.model}): effective sample size ${effectiveSampleSize.toFixed(0)} of the prediction at x_lim is below ${t.minEffectiveSamples} (autocorrelation time τ ≈ ${tau.toFixed(1)} steps over ${run.steps} kept steps): its interval is not yet reliable. ${fix}`);
  if (!(run.steps >= t.minStepsPerTau * tau)) warnings.push(`mcmcExtrapolate (${run.model}): the ${run.steps} kept steps are only ${(run.steps / tau).toFixed(1)} autocorrelation times (τ ≈ ${tau.toFixed(1)} steps): τ and the effective sample size are underestimated (emcee trusts τ from 50). ${fix}`);
  if (Number.isNaN(rHat)) warnings.push(`mcmcExtrapolate (${run.model}): split-R̂ needs at least 4 kept draws per walker, got ${traces[0]?.length ?? 0}. ${fix}`);
  else if (!(rHat <= t.maxRHat)) warnings.push(`mcmcExtrapolate (${run.model}): split-R̂ over walkers is ${rHat.toFixed(3)} (above ${t.maxRHat}): the walkers have not mixed. ${fix}`);
  return { model: run.model, walkers: run.walkers, steps: run.steps, burnIn: run.burnIn, thin: run.thin, acceptance, autocorrelationTime: tau, effectiveSampleSize, rHat, converged: warnings.length === 0, warnings };
}
