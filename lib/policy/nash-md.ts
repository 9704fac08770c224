import * as aq from 'arquero';
import { rng, type Rng } from '../util/random';
import type { BanditWorld } from './bandit-world';
import { checkCount, checkPositive } from './check-inputs';
import { metricsRow, type MetricsRow } from './metrics-row';
import { geometricMixture, mirrorStep, winRates } from './nash-equilibrium';
import { sampleIndex } from './preference-pairs';

/** Options for {@link nashMd} and {@link mirrorProxNlhf}. */
export interface NashMirrorOptions {
  /** Regularisation τ > 0 toward π_ref. */
  tau: number;
  /** Step size η. Default: 0.5. */
  eta?: number;
  /** Iterations. Default: 100. */
  iterations?: number;
  /**
   * Labelled comparisons per response and iteration used to estimate P(y ≻ opponent), each
   * against an opponent drawn from the opponent policy and labelled by a Bernoulli draw of the
   * true preference. Default: 0, the exact win rates.
   */
  samples?: number;
  /** Iterations between measurements. Default: 5. */
  evalEvery?: number;
  /** Seed of the estimates. Default: 0. */
  seed?: number;
  /** Called with each measurement row (progress). */
  onEval?: (row: MetricsRow) => void | Promise<void>;
}

/** P(y ≻ q) for every y: exact, or estimated from `samples` labelled comparisons each. */
function estimateWinRates(P: readonly (readonly number[])[], q: readonly number[], samples: number, rand: Rng): number[] {
  if (samples === 0) return winRates(P, q);
  return P.map((row) => {
    let wins = 0;
    for (let s = 0; s < samples; s++) if (rand() < row[sampleIndex(q, rand)]) wins++;
    return wins / samples;
  });
}

async function run(world: BanditWorld, options: NashMirrorOptions, method: string, step: (pi: number[], ref: number[], P: number[][], eta: number, tau: number, est: (q: readonly number[]) => number[]) => number[]) {
  const where = method === 'nash-md' ? 'nashMd' : 'mirrorProxNlhf';
  const tau = checkPositive(where, 'tau', options.tau);
  const eta = checkPositive(where, 'eta', options.eta ?? 0.5);
  const iterations = checkCount(where, 'iterations', options.iterations ?? 100, 0);
  const samples = checkCount(where, 'samples', options.samples ?? 0, 0);
  const evalEvery = checkCount(where, 'evalEvery', options.evalEvery ?? 5);
  const rand = rng(options.seed ?? 0);
  let policy = world.reference.map((r) => r.slice());
  const rows: MetricsRow[] = [];
  const measure = async (t: number) => {
    const row = metricsRow(world, policy, t, method, tau);
    rows.push(row);
    if (options.onEval) await options.onEval(row);
  };
  await measure(0);
  for (let t = 1; t <= iterations; t++) {
    policy = policy.map((pi, c) => step(pi, world.reference[c], world.preference[c], eta, tau, (q) => estimateWinRates(world.preference[c], q, samples, rand)));
    if (t % evalEvery === 0 || t === iterations) await measure(t);
  }
  return { policy, history: aq.from(rows) };
}

/**
 * Nash-MD (Munos et al. 2023, Nash learning from human feedback), on a finite world: with the
 * geometric mixture π_t^τ ∝ π_t^(1−ητ)·π_ref^(ητ), π_{t+1}(y) ∝ π_t^τ(y)·exp(η·P(y ≻ π_t^τ)).
 * Its last iterate converges to the τ-regularised Nash equilibrium.
 * @param world - a world with a preference matrix (e.g. `cyclicWorld`).
 * @param options - τ, η, iterations, exact or sampled win rates; see {@link NashMirrorOptions}.
 * @returns the policy table and its history (measured with β = τ).
 * @throws ConfigError for τ ≤ 0, η ≤ 0 or a bad count.
 * @example
 * const { history } = await nashMd(cyclicWorld({ seed: 1 }), { tau: 0.1, iterations: 200 });
 */
export async function nashMd(world: BanditWorld, options: NashMirrorOptions): Promise<{ policy: number[][]; history: aq.ColumnTable }> {
  return run(world, options, 'nash-md', (pi, ref, _P, eta, tau, est) => {
    const mix = geometricMixture(pi, ref, eta * tau);
    return mirrorStep(mix, ref, est(mix), eta, 0);
  });
}

/**
 * Mirror-Prox NLHF: an extragradient step on the regularised game, π_{t+½} ∝ π_t^(1−ητ)·
 * π_ref^(ητ)·exp(η·P(y ≻ π_t)), then π_{t+1} ∝ π_t^(1−ητ)·π_ref^(ητ)·exp(η·P(y ≻ π_{t+½})),
 * converging faster than plain mirror descent.
 * @param world - a world with a preference matrix.
 * @param options - see {@link NashMirrorOptions}.
 * @returns the policy table and its history (measured with β = τ).
 * @throws ConfigError for τ ≤ 0, η ≤ 0 or a bad count.
 * @example
 * const { history } = await mirrorProxNlhf(cyclicWorld({ seed: 1 }), { tau: 0.1 });
 */
export async function mirrorProxNlhf(world: BanditWorld, options: NashMirrorOptions): Promise<{ policy: number[][]; history: aq.ColumnTable }> {
  return run(world, options, 'mirror-prox', (pi, ref, _P, eta, tau, est) => {
    const half = mirrorStep(pi, ref, est(pi), eta, tau);
    return mirrorStep(pi, ref, est(half), eta, tau);
  });
}
