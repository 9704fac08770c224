import { makeTrueReward, preferenceProbability, sampleItem, type Annotator } from '../reward/simulate-preferences';
import { normal, rng } from '../util/random';
import { checkCount, checkPositive } from './check-inputs';

/**
 * A contextual bandit with known truth: for every context x, K candidate responses y with
 * features φ(x, y), a reference policy π_ref, the true reward r*(x, y) and the true preference
 * P(y ≻ y' | x). Everything a method could want to be measured against is here, exactly.
 */
export interface BanditWorld {
  /** "bradley-terry" when P comes from r* alone; "cyclic" when it has an intransitive part. */
  kind: 'bradley-terry' | 'cyclic';
  /** Number of contexts x (prompts). */
  contexts: number;
  /** Responses per context, K. */
  responses: number;
  /** Features per response; feature 0 is the nuisance "length", which r* ignores. */
  dim: number;
  /** φ(x, y): [contexts][responses][dim]. */
  features: number[][][];
  /** π_ref(y | x): [contexts][responses], rows sum to one. */
  reference: number[][];
  /** r*(x, y): [contexts][responses]. */
  rStar: number[][];
  /** The true preference P(y_i ≻ y_j | x): [contexts][responses][responses], P + Pᵀ = 1. */
  preference: number[][][];
  /** The annotator whose preference is the truth (for labels and win rates). */
  annotator: Annotator;
}

/** Options for {@link banditWorld}. */
export interface BanditWorldOptions {
  /** Contexts. Default: 16. */
  contexts?: number;
  /** Responses per context. Default: 8. */
  responses?: number;
  /** Features per response (≥ 5, as the reward simulator needs). Default: 8. */
  dim?: number;
  /** Scale of r* (its standard deviation over responses is about this). Default: 1. */
  rewardScale?: number;
  /** Standard deviation of π_ref's logits: 0 is uniform, larger is peakier. Default: 1. */
  referenceSpread?: number;
  /**
   * The true annotator: P(y ≻ y') = σ(β·(r* − r*') + bias·(length − length')) with flip noise,
   * as in `simulatePreferences`. Default: { name: "truth", beta: 1 } (labels follow r* exactly).
   */
  annotator?: Annotator;
  /** Seed of features, r*, π_ref. Default: 0. */
  seed?: number;
}

/**
 * Builds a contextual bandit whose r* is the reward simulator's linear reward of the features
 * (so a softmax-linear policy can represent π* exactly), with a seeded reference policy.
 * @param options - sizes, scales, the true annotator and the seed; see {@link BanditWorldOptions}.
 * @returns the world with its exact truth.
 * @throws ConfigError for a size that is not a positive integer or a non-positive scale.
 * @example
 * const world = banditWorld({ contexts: 16, responses: 8, seed: 1 });
 * world.rStar[0] // r* of context 0's eight responses
 */
export function banditWorld(options: BanditWorldOptions = {}): BanditWorld {
  const where = 'banditWorld';
  const contexts = checkCount(where, 'contexts', options.contexts ?? 16);
  const responses = checkCount(where, 'responses', options.responses ?? 8, 2);
  const dim = checkCount(where, 'dim', options.dim ?? 8, 5);
  const scale = checkPositive(where, 'rewardScale', options.rewardScale ?? 1);
  const spread = checkPositive(where, 'referenceSpread', options.referenceSpread ?? 1, true);
  const annotator = options.annotator ?? { name: 'truth', beta: 1 };
  const seed = options.seed ?? 0;
  const rand = rng(seed * 104729 + 17);
  const r = makeTrueReward('linear', dim, seed);
  const features = Array.from({ length: contexts }, () => Array.from({ length: responses }, () => sampleItem(dim, rand)));
  const rStar = features.map((row) => row.map((phi) => scale * r(phi)));
  const reference = features.map(() => softmax(Array.from({ length: responses }, () => spread * normal(rand))));
  const preference = features.map((row, c) => row.map((phiI, i) => row.map((phiJ, j) => (i === j ? 0.5 : preferenceProbability(annotator, rStar[c][i], rStar[c][j], phiI[0], phiJ[0])))));
  return { kind: 'bradley-terry', contexts, responses, dim, features, reference, rStar, preference, annotator };
}

/**
 * Softmax of a vector of logits (max-subtracted).
 * @example
 * softmax([0, Math.log(3)]) // [0.25, 0.75]
 */
export function softmax(logits: readonly number[]): number[] {
  const m = Math.max(...logits);
  const e = logits.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
