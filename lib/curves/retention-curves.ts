import { checkCurve } from './check-curve';
import { levenbergMarquardt } from './levenberg-marquardt';

/** A fitted retention (forgetting) curve. */
export interface RetentionFit {
  kind: 'exponential' | 'power';
  /** exponential: [a, τ, b] for b + a·exp(−t/τ); power: [a, β, b] for b + a·(1 + t)^(−β). */
  params: number[];
  sse: number;
  predict: (t: number) => number;
  formula: string;
}

const MODELS = {
  exponential: { f: (t: number, [a, tau, b]: readonly number[]) => b + a * Math.exp(-t / tau), formula: 'b + a·exp(−t/τ)', bounds: [[-1, 1], [1e-3, 1e6], [0, 1]] as [number, number][] },
  power: { f: (t: number, [a, beta, b]: readonly number[]) => b + a * (1 + t) ** -beta, formula: 'b + a·(1 + t)^(−β)', bounds: [[-1, 1], [1e-4, 10], [0, 1]] as [number, number][] },
};

/**
 * Fits retention over time — accuracy of a task against the time since it was learned — with an
 * exponential and a power-law decay, so forgetting curves can be compared and extrapolated.
 * @param t - time since the task was learned (iterations, > 0, increasing).
 * @param accuracy - the task's accuracy at those times.
 * @returns both fits, the better (lower SSE) first.
 * @example
 * fitRetention(curve.since, curve.accuracy)[0].formula
 */
export function fitRetention(t: readonly number[], accuracy: readonly number[]): RetentionFit[] {
  checkCurve('fitRetention', t, accuracy, 4);
  const first = accuracy[0];
  const lastV = accuracy[accuracy.length - 1];
  const fits = (Object.keys(MODELS) as (keyof typeof MODELS)[]).map((kind) => {
    const m = MODELS[kind];
    const starts = kind === 'exponential'
      ? [[first - lastV, t[Math.floor(t.length / 3)], lastV], [first - lastV, t[t.length - 1], lastV * 0.5]]
      : [[first - lastV, 0.5, lastV], [first, 0.1, 0]];
    let best = { params: starts[0], sse: Infinity };
    for (const s of starts) {
      const r = levenbergMarquardt(m.f, t, accuracy, s, m.bounds);
      if (r.sse < best.sse) best = r;
    }
    return { kind, params: best.params, sse: best.sse, formula: m.formula, predict: (v: number) => m.f(v, best.params) };
  });
  return fits.sort((a, b) => a.sse - b.sse);
}
