import { describe, expect, it } from 'vitest';
import { CURVE_FAMILIES } from '../../../lib/curves/curve-families';
import { beatProbability, probabilityToBeat, shouldStopEarly } from '../../../lib/curves/early-stopping';
import { evaluateExtrapolation } from '../../../lib/curves/evaluate-extrapolation';
import { extrapolateCurve, summarizeSamples, type Extrapolation } from '../../../lib/curves/extrapolate';
import { curveValue, fromAuthorsOrder, namedParams, paramsByName } from '../../../lib/curves/family-params';
import { fitAllFamilies, fitFamily } from '../../../lib/curves/fit-curve';
import { mcmcExtrapolate } from '../../../lib/curves/mcmc-extrapolate';
import { samplePriorCurves } from '../../../lib/curves/prior-curves';
import { fitRetention } from '../../../lib/curves/retention-curves';
import { vilaresTrace } from '../../../lib/curves/vilares-trace';
import { ConfigError, DataFormatError, NumericError, ShapeError } from '../../../lib/errors';

const xs = Array.from({ length: 40 }, (_, i) => i + 1);

describe('CURVE_FAMILIES', () => {
  it('evaluate their formulas at known points', () => {
    const F = CURVE_FAMILIES;
    expect(F.pow3.f(4, [0.9, 0.4, 0.5])).toBeCloseTo(0.9 - 0.4 / 2);
    expect(F.pow4.f(1, [0.9, 1, 1, 1])).toBeCloseTo(0.9 - 0.5);
    expect(F.log_power.f(Math.E, [0.8, 1, -2])).toBeCloseTo(0.4);
    expect(F.weibull.f(1, [0.9, 0.1, 1, 1])).toBeCloseTo(0.9 - 0.8 * Math.exp(-1));
    expect(F.mmf.f(1, [0.9, 0.1, 1, 1])).toBeCloseTo(0.5);
    expect(F.janoschek.f(2, [0.9, 0.1, 0.5, 1])).toBeCloseTo(0.9 - 0.8 * Math.exp(-1));
    expect(F.ilog2.f(Math.E - 1, [0.9, 0.3])).toBeCloseTo(0.6);
    expect(F.hill3.f(2, [0.8, 2, 2])).toBeCloseTo(0.4);
    expect(F.vap.f(1, [0, 0, 3])).toBeCloseTo(1);
    expect(F.loglog_linear.f(Math.E, [1, Math.E - 1])).toBeCloseTo(1);
    expect(F.exp4.f(1, [0.9, 1, 1, 0])).toBeCloseTo(0.9 - Math.exp(-1));
  });
});

describe('parameters by name and in the authors\' order', () => {
  it('takes our names or the authors\' in any order, and the authors\' positional order', () => {
    // exp4 is c, a, α, b here and exp4(x, c, a, b, alpha) = c − exp(−a·x^alpha + b) in curvefunctions.py
    const authorsExp4 = (x: number, c: number, a: number, b: number, alpha: number) => c - Math.exp(-a * x ** alpha + b);
    expect(paramsByName('exp4', { b: -0.8, alpha: 0.3, c: 0.7, a: 0.8 })).toEqual([0.7, 0.8, 0.3, -0.8]);
    expect(paramsByName('exp4', { b: -0.8, α: 0.3, c: 0.7, a: 0.8 })).toEqual([0.7, 0.8, 0.3, -0.8]);
    expect(fromAuthorsOrder('exp4', [0.7, 0.8, -0.8, 0.3])).toEqual([0.7, 0.8, 0.3, -0.8]);
    expect(curveValue('exp4', 7, fromAuthorsOrder('exp4', [0.7, 0.8, -0.8, 0.3]))).toBe(authorsExp4(7, 0.7, 0.8, -0.8, 0.3));
    // hill3 is their dr_hill_zero_background(x, theta, eta, kappa); janoschek's α, κ are their a, k
    expect(CURVE_FAMILIES.hill3.authorsFunction).toBe('dr_hill_zero_background');
    expect(curveValue('hill3', 2, { theta: 0.8, eta: 2, kappa: 2 })).toBeCloseTo(0.4, 15);
    expect(paramsByName('janoschek', { a: 0.73, beta: 0.07, k: 0.355, delta: 0.46 })).toEqual([0.73, 0.07, 0.355, 0.46]);
    expect(namedParams('pow3', [0.9, 0.4, 0.5])).toEqual({ c: 0.9, a: 0.4, α: 0.5 });
    // every family: the authors' order is a permutation of its names
    for (const fam of Object.values(CURVE_FAMILIES)) expect([...fam.authorsOrder].sort()).toEqual([...fam.authorsParams].sort());
  });

  it('names unknown, repeated, missing and non-finite parameters', () => {
    expect(() => paramsByName('pow3', { c: 0.9, a: 0.4, beta: 1 })).toThrow(ConfigError);
    expect(() => paramsByName('pow3', { c: 0.9, a: 0.4, beta: 1 })).toThrow(/pow3 has no parameter "beta": expected c, a, α \(or alpha\)/);
    expect(() => paramsByName('pow3', { c: 0.9, a: 0.4, α: 0.5, alpha: 0.5 })).toThrow(/parameter α is given twice \(as α and alpha\)/);
    expect(() => paramsByName('exp4', { c: 0.9, a: 0.4 })).toThrow(/exp4 needs c, a, α, b; missing α, b/);
    expect(() => paramsByName('pow3', { c: NaN, a: 0.4, α: 0.5 })).toThrow(/parameter c is NaN/);
    expect(() => fromAuthorsOrder('exp4', [1, 2, 3])).toThrow(/exp4 takes 4 parameters \(c, a, b, alpha\) but 3/);
    expect(() => curveValue('pow9' as never, 1, [1])).toThrow(/unknown family "pow9"/);
  });
});

describe('fitFamily', () => {
  it('recovers the parameters of noise-free curves', () => {
    const pow3 = fitFamily('pow3', xs, xs.map((x) => CURVE_FAMILIES.pow3.f(x, [0.92, 0.6, 0.7])));
    expect(pow3.params[0]).toBeCloseTo(0.92, 3);
    expect(pow3.params[1]).toBeCloseTo(0.6, 3);
    expect(pow3.params[2]).toBeCloseTo(0.7, 3);
    const ilog2 = fitFamily('ilog2', xs, xs.map((x) => CURVE_FAMILIES.ilog2.f(x, [0.85, 0.2])));
    expect(ilog2.params[0]).toBeCloseTo(0.85, 4);
    expect(ilog2.params[1]).toBeCloseTo(0.2, 4);
    const janoschek = fitFamily('janoschek', xs, xs.map((x) => CURVE_FAMILIES.janoschek.f(x, [0.9, 0.2, 0.1, 0.8])));
    expect(janoschek.predict(200)).toBeCloseTo(CURVE_FAMILIES.janoschek.f(200, [0.9, 0.2, 0.1, 0.8]), 3);
    expect(janoschek.sse).toBeLessThan(1e-8);
  });

  it('names too-short, non-finite and unsorted curves', () => {
    expect(() => fitFamily('pow3', [1, 2], [0.5, 0.6])).toThrow(ShapeError);
    expect(() => fitFamily('pow3', [1, 2], [0.5, 0.6])).toThrow(/2 points: expected at least 4/);
    expect(() => fitFamily('pow3', [1, 2, 3, 4], [0.5, NaN, 0.6, 0.7])).toThrow(NumericError);
    expect(() => fitFamily('pow3', [1, 2, 3, 4], [0.5, NaN, 0.6, 0.7])).toThrow(/y\[1\] is NaN/);
    expect(() => fitFamily('pow3', [1, 3, 2, 4], [0.5, 0.6, 0.6, 0.7])).toThrow(DataFormatError);
    expect(() => fitFamily('pow3', [1, 3, 2, 4], [0.5, 0.6, 0.6, 0.7])).toThrow(/not increasing at index 2 \(3 then 2\)/);
    expect(() => fitAllFamilies([1, 2, 3], [0.5, 0.6])).toThrow(/x has 3 values but y has 2/);
    expect(() => fitFamily('pow5' as never, xs, xs)).toThrow(/unknown family "pow5": expected one of "pow3"/);
  });
});

describe('extrapolateCurve', () => {
  it('covers the final value at close to the nominal rate on prior samples, beating the last value', () => {
    const curves = samplePriorCurves(24, { seed: 5, length: 60 });
    const rows = evaluateExtrapolation(curves, [0.2]).objects() as { method: string; mae: number; coverage: number | null }[];
    const ensemble = rows.find((r) => r.method.startsWith('ensemble'))!;
    const last = rows.find((r) => r.method === 'last value')!;
    expect(ensemble.coverage!).toBeGreaterThanOrEqual(0.75);
    expect(ensemble.coverage!).toBeLessThanOrEqual(1);
    expect(ensemble.mae).toBeLessThan(last.mae);
  });

  it('gives bands that widen with the horizon', () => {
    const y = xs.map((x) => 0.9 - 0.5 * x ** -0.6 + 0.005 * Math.sin(5 * x));
    const e = extrapolateCurve(xs.slice(0, 10), y.slice(0, 10), [15, 40], { seed: 1 });
    const [near, far] = e.bands.objects() as { lower: number; upper: number }[];
    expect(far.upper - far.lower).toBeGreaterThan(near.upper - near.lower);
    expect(e.weights.reduce((s, w) => s + w.weight, 0)).toBeCloseTo(1);
  });
});

describe('mcmcExtrapolate', () => {
  it('brackets the true final value of a clean curve', () => {
    const truth = (x: number) => 0.88 - 0.45 * x ** -0.8;
    const x = xs.slice(0, 12);
    const e = mcmcExtrapolate(x, x.map(truth), [40], { families: ['pow3', 'ilog2', 'janoschek'], walkers: 40, steps: 300, burnIn: 150, seed: 2, onWarning: () => {} });
    const band = e.bands.objects()[0] as { lower: number; upper: number };
    expect(band.lower).toBeLessThan(truth(40));
    expect(band.upper).toBeGreaterThan(truth(40));
  });
});

describe('shouldStopEarly', () => {
  const plateau = xs.slice(0, 15).map((x) => 0.7 - 0.3 * Math.exp(-x / 3) + 0.002 * Math.sin(7 * x));
  it('stops a run that plateaus far below the best', () => {
    const e = extrapolateCurve(xs.slice(0, 15), plateau, [40], { seed: 3 });
    expect(shouldStopEarly(e, 0.9)).toMatchObject({ stop: true });
  });
  it('keeps a run that is already near the best', () => {
    const e = extrapolateCurve(xs.slice(0, 15), plateau, [40], { seed: 3 });
    const r = shouldStopEarly(e, 0.65);
    expect(r.stop).toBe(false);
    expect(r.probability).toBeGreaterThan(0.5);
  });
});

describe('probabilityToBeat', () => {
  const withSamples = (s: number[]): Extrapolation => ({ bands: summarizeSamples([50], [s], 0.9), samples: [s], xs: [50], level: 0.9, weights: [], fits: [] });
  it('masks non-finite samples as the authors do, and says how many it dropped', () => {
    expect(probabilityToBeat(withSamples([0.8, 0.9, NaN]), 0.5)).toBe(1);
    expect(beatProbability(withSamples([0.8, 0.4, NaN, Infinity, -Infinity]), 0.5)).toEqual({ probability: 0.5, used: 2, dropped: 3 });
    expect(shouldStopEarly(withSamples([0.4, 0.45, NaN]), 0.5)).toEqual({ stop: true, probability: 0, dropped: 1 });
    expect(() => probabilityToBeat(withSamples([NaN, NaN]), 0.5)).toThrow(/none of the 2 samples at x = 50 is finite/);
    expect(() => probabilityToBeat(withSamples([0.8]), NaN)).toThrow(/yBest is NaN/);
  });
});

describe('vilaresTrace', () => {
  it('converges to the asymptote of a power-law curve', () => {
    const sizes = [100, 200, 400, 800, 1600, 3200, 6400, 12800];
    const acc = sizes.map((n) => 0.95 - 2 * n ** -0.5);
    const rows = vilaresTrace(sizes, acc, { threshold: 0.002 }).objects() as { estimate: number; converged: boolean }[];
    const hit = rows.find((r) => r.converged)!;
    expect(hit).toBeDefined();
    expect(hit.estimate).toBeCloseTo(0.95, 2);
  });
});

describe('fitRetention', () => {
  it('prefers the exponential model for exponential decay and the power law for power-law decay', () => {
    const t = Array.from({ length: 30 }, (_, i) => (i + 1) * 10);
    expect(fitRetention(t, t.map((v) => 0.3 + 0.6 * Math.exp(-v / 50)))[0].kind).toBe('exponential');
    expect(fitRetention(t, t.map((v) => 0.2 + 0.7 * (1 + v) ** -0.6))[0].kind).toBe('power');
  });
});
