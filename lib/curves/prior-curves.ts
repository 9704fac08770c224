import { normal, rng, type Rng } from '../util/random';

/** A curve drawn from the prior, with its noise-free truth. */
export interface PriorCurve {
  x: number[];
  /** Observed: truth plus noise, clipped to [0, 1]. */
  y: number[];
  truth: number[];
  noise: number;
}

function uniform(rand: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rand();
}

/**
 * Draws learning curves with known truth from a prior like LC-PFN's (Adriaensen et al., NeurIPS
 * 2023): increasing curves in [0, 1] made of a random mixture of pow3, ilog2 and janoschek, with
 * Gaussian noise of standard deviation exp(N(−4, 1)).
 * @param count - number of curves.
 * @param length - points per curve (x = 1…length). Default: 100.
 * @example
 * const curves = samplePriorCurves(20, { seed: 1 });
 */
export function samplePriorCurves(count: number, options: { length?: number; seed?: number } = {}): PriorCurve[] {
  const rand = rng(options.seed ?? 0);
  const length = options.length ?? 100;
  const x = Array.from({ length }, (_, i) => i + 1);
  return Array.from({ length: count }, () => {
    const raw = [rand(), rand(), rand()];
    const total = raw.reduce((a, b) => a + b, 0);
    const w = raw.map((v) => v / total);
    const c1 = uniform(rand, 0.5, 1), a1 = uniform(rand, 0.1, c1), al = uniform(rand, 0.2, 1.5);
    const c2 = uniform(rand, 0.5, 1), a2 = uniform(rand, 0.05, c2 * Math.LN2);
    const j1 = uniform(rand, 0.5, 1), j2 = uniform(rand, 0, j1), k = uniform(rand, 0.005, 0.3), d = uniform(rand, 0.3, 1.5);
    const truth = x.map((v) => w[0] * (c1 - a1 * v ** -al) + w[1] * (c2 - a2 / Math.log(v + 1)) + w[2] * (j1 - (j1 - j2) * Math.exp(-k * v ** d)));
    const noise = Math.exp(-4 + normal(rand));
    const y = truth.map((v) => Math.min(1, Math.max(0, v + noise * normal(rand))));
    return { x, y, truth, noise };
  });
}
