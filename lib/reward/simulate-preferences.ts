import * as aq from 'arquero';
import { ConfigError } from '../errors';
import { normal, rng, type Rng } from '../util/random';

/** The ground-truth reward of the simulator: linear, or linear plus a non-linear part. */
export type TrueRewardKind = 'linear' | 'nonlinear';

/** An annotator of the simulator: Bradley-Terry with its own temperature, noise and bias. */
export interface Annotator {
  /** Name shown in tables. */
  name: string;
  /** Inverse temperature β of P(a ≻ b) = σ(β·(r*(a) − r*(b) + bias·(x_a[biasFeature] − x_b[biasFeature]))). Default: 4. */
  beta?: number;
  /** Probability ε that a label is flipped: p' = (1 − ε)p + ε(1 − p). Default: 0. */
  flip?: number;
  /** Weight of a nuisance feature the annotator favours (e.g. "length"). Default: 0. */
  bias?: number;
  /** Share of pairs this annotator labels (weights are normalised). Default: 1. */
  share?: number;
}

/** Options for {@link simulatePreferences}. */
export interface SimulatePreferencesOptions {
  /** Number of items. Default: 2000. */
  items?: number;
  /** Features per item; feature 0 is the nuisance "length", which r* ignores. Default: 16. */
  dim?: number;
  /** Number of labelled pairs. Default: 4000. */
  pairs?: number;
  /** Shape of r*. Default: "linear". */
  reward?: TrueRewardKind;
  /** Who labels the pairs. Default: one annotator with β = 4 and no noise. */
  annotators?: Annotator[];
  /** Seed of items, reward, pairs and labels. Default: 0. */
  seed?: number;
}

/** A simulated preference data set with its known truth. */
export interface PreferenceData {
  /** Item features, one row per item: [items][dim]. */
  features: number[][];
  /** The ground-truth reward of each item. */
  rStar: number[];
  /** r* of any feature vector (to score new candidates). */
  trueReward: (x: readonly number[]) => number;
  /**
   * One row per labelled pair: a, b (item indices), label (1 when a was preferred),
   * p (the annotator's probability that a ≻ b, after flip noise), annotator, delta (r*(a) − r*(b)).
   */
  pairs: aq.ColumnTable;
  /** Feature names: "length", "f1", "f2", … */
  featureNames: string[];
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Draws one item's features: standard normal, "length" as well.
 * @example
 * sampleItem(16, rng(1)) // 16 standard-normal features
 */
export function sampleItem(dim: number, rand: Rng, scale = 1): number[] {
  return Array.from({ length: dim }, () => normal(rand) * scale);
}

/**
 * Builds a seeded r*: weights on features 1…dim−1 (never on "length"), plus curvature if non-linear.
 * @example
 * const rStar = makeTrueReward('nonlinear', 16, 1); rStar(sampleItem(16, rng(2)))
 */
export function makeTrueReward(kind: TrueRewardKind, dim: number, seed: number): (x: readonly number[]) => number {
  const rand = rng(seed * 7919 + 1);
  const w = Array.from({ length: dim }, (_, i) => (i === 0 ? 0 : normal(rand) / Math.sqrt(dim - 1)));
  const linear = (x: readonly number[]) => x.reduce((s, v, i) => s + w[i] * v, 0);
  if (kind === 'linear') return linear;
  return (x) => linear(x) + 0.5 * Math.sin(2 * x[1]) - 0.25 * x[2] * x[2] + 0.3 * x[3] * x[4];
}

/**
 * Probability that annotator `a` prefers item x over item y, flip noise included.
 * @example
 * preferenceProbability({ name: 'a', beta: 4 }, 1.0, 0.5, 0, 0) // σ(4·0.5) ≈ 0.88
 */
export function preferenceProbability(annotator: Annotator, rx: number, ry: number, lengthX: number, lengthY: number): number {
  const beta = annotator.beta ?? 4;
  const p = sigmoid(beta * (rx - ry + (annotator.bias ?? 0) * (lengthX - lengthY)));
  const eps = annotator.flip ?? 0;
  return (1 - eps) * p + eps * (1 - p);
}

/**
 * Simulates pairwise preferences with a known ground truth, in the spirit of AlpacaFarm's
 * simulated annotators: items with features, a true reward r*, and annotators labelling pairs by
 * Bradley-Terry with temperature β, optional flip noise ε and a bias toward a nuisance feature.
 * @param options - sizes, reward shape, annotators and seed; see {@link SimulatePreferencesOptions}.
 * @returns features, r*, and the labelled pairs as an arquero table.
 * @throws ConfigError when a size is not a positive integer or a probability is outside [0, 0.5].
 * @example
 * const data = simulatePreferences({ items: 1000, pairs: 3000, reward: 'nonlinear', seed: 1,
 *   annotators: [{ name: 'careful', beta: 5 }, { name: 'likes length', beta: 5, bias: 0.5 }] });
 */
export function simulatePreferences(options: SimulatePreferencesOptions = {}): PreferenceData {
  const nItems = options.items ?? 2000;
  const dim = options.dim ?? 16;
  const nPairs = options.pairs ?? 4000;
  for (const [name, v, min] of [['items', nItems, 2], ['dim', dim, 5], ['pairs', nPairs, 1]] as const) {
    if (!Number.isInteger(v) || v < min) throw new ConfigError(`simulatePreferences: ${name} is ${v}: expected an integer ≥ ${min}.`);
  }
  const annotators = options.annotators ?? [{ name: 'annotator', beta: 4 }];
  if (annotators.length === 0) throw new ConfigError('simulatePreferences: annotators is empty: expected at least one.');
  for (const a of annotators) {
    if (a.flip !== undefined && !(a.flip >= 0 && a.flip <= 0.5)) throw new ConfigError(`simulatePreferences: annotator "${a.name}" has flip ${a.flip}: expected a probability in [0, 0.5].`);
  }
  const seed = options.seed ?? 0;
  const rand = rng(seed);
  const trueReward = makeTrueReward(options.reward ?? 'linear', dim, seed);
  const features = Array.from({ length: nItems }, () => sampleItem(dim, rand));
  const rStar = features.map(trueReward);
  const shares = annotators.map((a) => a.share ?? 1);
  const total = shares.reduce((s, v) => s + v, 0);
  const cols = { a: [] as number[], b: [] as number[], label: [] as number[], p: [] as number[], annotator: [] as string[], delta: [] as number[] };
  for (let k = 0; k < nPairs; k++) {
    const i = Math.floor(rand() * nItems);
    let j = Math.floor(rand() * (nItems - 1));
    if (j >= i) j++;
    let u = rand() * total;
    let who = 0;
    while (who < annotators.length - 1 && u >= shares[who]) u -= shares[who++];
    const p = preferenceProbability(annotators[who], rStar[i], rStar[j], features[i][0], features[j][0]);
    cols.a.push(i);
    cols.b.push(j);
    cols.label.push(rand() < p ? 1 : 0);
    cols.p.push(p);
    cols.annotator.push(annotators[who].name);
    cols.delta.push(rStar[i] - rStar[j]);
  }
  const featureNames = ['length', ...Array.from({ length: dim - 1 }, (_, i) => `f${i + 1}`)];
  return { features, rStar, trueReward, pairs: aq.table(cols), featureNames };
}
