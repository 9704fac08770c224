import { describe, expect, it } from 'vitest';
import { autocorrelationTime, splitRHat } from '../../../lib/curves/mcmc-diagnostics';
import { mcmcExtrapolate } from '../../../lib/curves/mcmc-extrapolate';
import { ConfigError } from '../../../lib/errors';
import { normal, rng } from '../../../lib/util/random';

// A fixed 20-point prefix: 0.86 − 0.45·x^(−0.7) plus N(0, 0.01²) noise (rng(5)), rounded to 4 digits.
const Y = [0.4122, 0.578, 0.6479, 0.6741, 0.7169, 0.7306, 0.7594, 0.7515, 0.7583, 0.7674, 0.7836, 0.7856, 0.791, 0.8003, 0.799, 0.7874, 0.8083, 0.7945, 0.8075, 0.8163];
const X = Y.map((_, i) => i + 1);
const quiet = { onWarning: () => {} };
const final = (e: ReturnType<typeof mcmcExtrapolate>) => e.bands.objects()[0] as { mean: number; lower: number; upper: number };

describe("mcmcExtrapolate with the authors' model (domhan2015)", () => {
  // Reference: test/lib/curves/domhan2015-reference.py, run once with the pyenv python3 (numpy
  // 2.4.6, scipy 1.17.1) and emcee 3.1.6 (`pip download --no-deps emcee`, unpacked on PYTHONPATH).
  // It writes Domhan et al.'s posterior out from their formulas (curvefunctions.py and
  // MCMCCurveModelCombination: normalised weights, free parameters, flat σ, per-family
  // f_k(2) ≤ f_k(100) and f_k(100) ∈ [0, 100]), starts as their code does (their least squares
  // from their model_defaults, weights 10, a 1e-6 ball) and runs emcee's stretch move with their
  // defaults: 100 walkers, 2500 steps, the first 500 burn-in; noise-free f(100) of every 10th
  // kept step. Below: the mean over emcee seeds 1–4 of the mean and the 5% and 95% quantiles,
  // and (in the comment) their spread over those seeds.
  it('reproduces the emcee reference interval for one family (ilog2)', () => {
    // emcee: mean 0.84556 (0.84548–0.84564), 5% 0.83877 (0.83868–0.83882), 95% 0.85239 (0.85227–0.85255).
    // (Without the weight the posterior is a Student t with 17 degrees of freedom, [0.83913, 0.85186],
    // and emcee without the weight coordinate draws [0.83914, 0.85182]: the improper scale of the
    // weights, flat on [0, ∞), widens what the ensemble sampler draws, in emcee as here.)
    const e = mcmcExtrapolate(X, Y, [100], { model: 'domhan2015', families: ['ilog2'], seed: 1, ...quiet });
    const b = final(e);
    expect(Math.abs(b.mean - 0.84556)).toBeLessThan(5e-4);
    expect(Math.abs(b.lower - 0.83877)).toBeLessThan(5e-4);
    expect(Math.abs(b.upper - 0.85239)).toBeLessThan(5e-4);
    expect(e.diagnostics).toMatchObject({ model: 'domhan2015', walkers: 100, steps: 2000, burnIn: 500, thin: 10, converged: true });
  });

  it('reproduces the emcee reference interval for a combination (ilog2 + loglog_linear)', () => {
    // emcee: mean 0.88351 (0.88254–0.88410), 5% 0.86268 (0.86153–0.86410), 95% 0.90383 (0.90273–0.90480);
    // acceptance 0.135 over all 2500 steps. The walkers have not mixed (R̂ ≈ 1.4, here and in emcee), so
    // the tolerance is the spread of the emcee seeds.
    const e = mcmcExtrapolate(X, Y, [100], { model: 'domhan2015', families: ['ilog2', 'loglog_linear'], seed: 1, ...quiet });
    const b = final(e);
    expect(Math.abs(b.mean - 0.88351)).toBeLessThan(3e-3);
    expect(Math.abs(b.lower - 0.86268)).toBeLessThan(3e-3);
    expect(Math.abs(b.upper - 0.90383)).toBeLessThan(3e-3);
    // shares of the normalised weights, as their print_probs
    expect(e.weights.reduce((s, w) => s + w.weight, 0)).toBeCloseTo(1, 12);
  });

  it('reproduces the emcee reference with their recency weighting (ilog2)', () => {
    // emcee (seeds 1, 2 of the same script, recency_weighting=True): mean 0.84967 (0.84966–0.84969), 5% 0.84697
    // (0.84696–0.84698), 95% 0.85237 (0.85235–0.85238)
    const e = mcmcExtrapolate(X, Y, [100], { model: 'domhan2015', families: ['ilog2'], recencyWeighting: true, seed: 1, ...quiet });
    const b = final(e);
    expect(Math.abs(b.mean - 0.84967)).toBeLessThan(5e-4);
    expect(Math.abs(b.lower - 0.84697)).toBeLessThan(5e-4);
    expect(Math.abs(b.upper - 0.85237)).toBeLessThan(5e-4);
    expect(() => mcmcExtrapolate(X, Y, [100], { recencyWeighting: true })).toThrow(/recencyWeighting is part of the authors' model, but model is "bounded"/);
  });

  it('samples the noise-free curve by default, and differs from the bounded model', () => {
    const opts = { families: ['ilog2'] as const, walkers: 40, steps: 600, burnIn: 300, seed: 3, ...quiet };
    const curveOnly = final(mcmcExtrapolate(X, Y, [100], { ...opts, families: [...opts.families], model: 'domhan2015' }));
    const withNoise = final(mcmcExtrapolate(X, Y, [100], { ...opts, families: [...opts.families], model: 'domhan2015', noise: true }));
    const bounded = final(mcmcExtrapolate(X, Y, [100], { ...opts, families: [...opts.families] }));
    // σ ≈ 0.0125 here: the noise about doubles the width of the band
    expect(withNoise.upper - withNoise.lower).toBeGreaterThan(1.8 * (curveOnly.upper - curveOnly.lower));
    expect(bounded.upper - bounded.lower).toBeGreaterThan(1.8 * (curveOnly.upper - curveOnly.lower));
  });

  it('names an unknown model', () => {
    expect(() => mcmcExtrapolate(X, Y, [100], { model: 'domhan' as never })).toThrow(ConfigError);
    expect(() => mcmcExtrapolate(X, Y, [100], { model: 'domhan' as never })).toThrow(/unknown model "domhan": expected one of "bounded", "domhan2015"/);
  });
});

describe('MCMC convergence diagnostics', () => {
  it('come with every result and warn on a short chain', () => {
    const messages: string[] = [];
    const e = mcmcExtrapolate(X, Y, [100], { families: ['ilog2', 'loglog_linear'], walkers: 20, steps: 30, burnIn: 10, seed: 1, onWarning: (m) => messages.push(m) });
    const d = e.diagnostics;
    expect(d).toMatchObject({ model: 'bounded', walkers: 20, steps: 30, burnIn: 10, thin: 10, converged: false });
    expect(d.acceptance).toBeGreaterThan(0);
    expect(d.acceptance).toBeLessThan(1);
    expect(d.effectiveSampleSize).toBeLessThan(400);
    expect(messages).toEqual(d.warnings);
    expect(messages.some((m) => /effective sample size \d+ of the prediction at x_lim is below 400/.test(m))).toBe(true);
  });

  it('report a well-mixed run as converged', () => {
    const messages: string[] = [];
    const d = mcmcExtrapolate(X, Y, [100], { model: 'domhan2015', families: ['ilog2'], seed: 2, onWarning: (m) => messages.push(m) }).diagnostics;
    expect(d.acceptance).toBeGreaterThan(0.4);
    expect(d.rHat).toBeLessThan(1.1);
    expect(d.effectiveSampleSize).toBeGreaterThan(2000);
    expect(messages).toEqual([]);
  });

  it('estimate the autocorrelation time of AR(1) chains and R̂ of shifted chains', () => {
    const r = rng(4);
    const ar = (phi: number, shift = 0) => {
      let v = 0;
      return Array.from({ length: 4000 }, () => (v = phi * v + normal(r)) + shift);
    };
    // AR(1) with φ = 0.5: τ = (1 + φ) / (1 − φ) = 3
    const tau = autocorrelationTime(Array.from({ length: 16 }, () => ar(0.5)));
    expect(tau).toBeGreaterThan(2.7);
    expect(tau).toBeLessThan(3.3);
    expect(splitRHat(Array.from({ length: 8 }, () => ar(0.5)))).toBeLessThan(1.01);
    expect(splitRHat(Array.from({ length: 8 }, (_, i) => ar(0.5, i % 2 === 0 ? 0 : 3)))).toBeGreaterThan(1.5);
    expect(splitRHat([[1, 1, 1, 1], [2, 2, 2, 2]])).toBe(Infinity);
  });
});
