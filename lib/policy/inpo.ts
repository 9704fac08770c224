import * as aq from 'arquero';
import type { Annotator } from '../reward/simulate-preferences';
import { rng } from '../util/random';
import type { BanditWorld } from './bandit-world';
import { checkCount, checkPositive } from './check-inputs';
import type { MetricsRow } from './metrics-row';
import { geometricMixture } from './nash-equilibrium';
import { annotatorPreference, sampleIndex } from './preference-pairs';
import { SoftmaxPolicy } from './softmax-policy';
import { trainOffline } from './train-offline';

/** Options for {@link inpo} and `dno`. */
export interface IterativeNashOptions {
  /** Regularisation τ > 0 (INPO's pull toward π_ref; for DNO only where it is measured). */
  tau: number;
  /** INPO's step η, or DNO's DPO β. Default: 2 for INPO, 0.5 for DNO. */
  eta?: number;
  /** Rounds. Default: 10. */
  rounds?: number;
  /** Labelled pairs per round. Default: 8000. */
  pairsPerRound?: number;
  /** Adam steps per round. Default: 100. */
  stepsPerRound?: number;
  /** Pairs per step. Default: 2048. */
  batchSize?: number;
  /** Adam learning rate. Default: 0.1. */
  learningRate?: number;
  /** Who labels. Default: the world's true preference. */
  annotator?: Annotator;
  /** DNO: responses drawn per context to rank by estimated win rate. Default: 4. */
  candidates?: number;
  /** DNO: smallest win-rate gap between the kept best and worst response. Default: 0.1. */
  minGap?: number;
  /** Seed. Default: 0. */
  seed?: number;
  /** Called with each measurement row (progress). */
  onEval?: (row: MetricsRow) => void | Promise<void>;
}

/**
 * INPO (Zhang et al. 2024, iterative Nash policy optimisation): each round learns the online
 * mirror-descent step π_{t+1} ∝ π_t^(1−ητ)·π_ref^(ητ)·exp(η·P(y ≻ π_t)) from pairs drawn from π_t and
 * labelled by the annotator, with the squared loss (h_t − η/2)², without estimating win rates.
 * That loss is IPO with β = 1/η against the geometric mixture π_t^(1−ητ)·π_ref^(ητ) as reference,
 * which is how it runs here (a tabular policy, so the equilibrium is representable).
 * @param world - a world with a preference matrix.
 * @param options - τ, η, rounds, budget; see {@link IterativeNashOptions}.
 * @returns the policy and its history (measured with β = τ; step counts Adam steps).
 * @throws ConfigError for τ ≤ 0, η ≤ 0 or a bad count.
 * @example
 * const { history } = await inpo(cyclicWorld({ seed: 1 }), { tau: 0.1, rounds: 8 });
 */
export async function inpo(world: BanditWorld, options: IterativeNashOptions): Promise<{ policy: SoftmaxPolicy; history: aq.ColumnTable }> {
  const tau = checkPositive('inpo', 'tau', options.tau);
  const eta = checkPositive('inpo', 'eta', options.eta ?? 2);
  const count = checkCount('inpo', 'pairsPerRound', options.pairsPerRound ?? 8000);
  const P = annotatorPreference(world, options.annotator);
  return iterateRounds(world, options, 'inpo', async (probs, seed) => {
    // Both responses drawn independently from π_t (pairs of equal responses carry nothing and
    // are redrawn): the squared loss's minimiser is then exactly the mirror-descent step.
    const rand = rng(seed);
    const cols = { context: [] as number[], chosen: [] as number[], rejected: [] as number[] };
    while (cols.context.length < count) {
      const c = Math.floor(rand() * world.contexts);
      const a = sampleIndex(probs[c], rand), b = sampleIndex(probs[c], rand);
      if (a === b) continue;
      const aWins = rand() < P[c][a][b];
      cols.context.push(c);
      cols.chosen.push(aWins ? a : b);
      cols.rejected.push(aWins ? b : a);
    }
    return { pairs: aq.table(cols), reference: probs.map((pi, c) => geometricMixture(pi, world.reference[c], eta * tau)), loss: { kind: 'ipo', beta: 1 / eta } };
  }, tau);
}

/** One round's training data. */
export type RoundData = { pairs: aq.ColumnTable; reference: number[][]; loss: { kind: 'ipo' | 'dpo'; beta: number } };

/** Runs rounds of (sample and label pairs, train with a preference loss) on a tabular policy. */
export async function iterateRounds(world: BanditWorld, options: IterativeNashOptions, method: string, round: (probs: number[][], seed: number) => Promise<RoundData>, tau: number) {
  const rounds = checkCount(method, 'rounds', options.rounds ?? 10);
  const steps = checkCount(method, 'stepsPerRound', options.stepsPerRound ?? 100);
  const policy = new SoftmaxPolicy(world, 'tabular');
  const rand = rng(options.seed ?? 0);
  const tables: aq.ColumnTable[] = [];
  for (let r = 0; r < rounds; r++) {
    const probs = await policy.probabilities();
    const seed = Math.floor(rand() * 2 ** 31);
    const data = await round(probs, seed);
    if (data.pairs.numRows() === 0) break;
    const { history } = await trainOffline(world, data.pairs, {
      loss: data.loss, policy, reference: data.reference, steps, batchSize: options.batchSize ?? 2048,
      learningRate: options.learningRate ?? 0.1, beta: tau, method, evalEvery: steps, stepOffset: r * steps, seed, onEval: options.onEval,
    });
    tables.push(r === 0 ? history : history.filter(`d => d.step > ${r * steps}`));
  }
  return { policy, history: tables.reduce((a, b) => a.concat(b)) };
}
