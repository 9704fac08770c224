import * as aq from 'arquero';
import { DataFormatError, ShapeError } from '../errors';
import { preferenceProbability, type Annotator } from '../reward/simulate-preferences';
import type { TableLike } from '../table/table-bundle';
import { rng, type Rng } from '../util/random';
import type { BanditWorld } from './bandit-world';
import { checkCount, checkDistributions } from './check-inputs';

/** Options for {@link samplePreferencePairs}. */
export interface SamplePairsOptions {
  /** Number of labelled pairs. */
  pairs: number;
  /** The policy the two responses are drawn from (the second ≠ the first). Default: π_ref. */
  policy?: readonly (readonly number[])[];
  /** Who labels: any annotator of the reward simulator. Default: the world's true preference. */
  annotator?: Annotator;
  /** Seed. Default: 0. */
  seed?: number;
}

/** Draws an index from a discrete distribution. */
export function sampleIndex(p: readonly number[], rand: Rng): number {
  let u = rand();
  for (let k = 0; k < p.length - 1; k++) {
    u -= p[k];
    if (u < 0) return k;
  }
  return p.length - 1;
}

/**
 * The preference matrices an annotator induces on the world: the world's own when none is
 * given, else P(i ≻ j) = σ(β·(r*_i − r*_j) + bias·(length_i − length_j)) with flip noise.
 */
export function annotatorPreference(world: BanditWorld, annotator?: Annotator): number[][][] {
  if (!annotator) return world.preference;
  return world.rStar.map((r, c) => r.map((ri, i) => r.map((rj, j) => (i === j ? 0.5 : preferenceProbability(annotator, ri, rj, world.features[c][i][0], world.features[c][j][0])))));
}

/**
 * Samples labelled preference pairs in a bandit world: a uniform context, two different
 * responses from a policy, and a Bernoulli label from the annotator's preference.
 * @param world - the bandit.
 * @param options - count, sampling policy, annotator, seed; see {@link SamplePairsOptions}.
 * @returns a table with context, chosen, rejected (response indices) and p (the annotator's
 *   probability of this label).
 * @throws ConfigError for a count < 1; ShapeError or NumericError for a policy that is not a
 *   table of distributions of the world's shape.
 * @example
 * const pairs = samplePreferencePairs(world, { pairs: 2000, seed: 1 });
 */
export function samplePreferencePairs(world: BanditWorld, options: SamplePairsOptions): aq.ColumnTable {
  const n = checkCount('samplePreferencePairs', 'pairs', options.pairs);
  const policy = options.policy ?? world.reference;
  checkDistributions('samplePreferencePairs', 'policy', policy, world.contexts, world.responses);
  const P = annotatorPreference(world, options.annotator);
  const rand = rng(options.seed ?? 0);
  const cols = { context: [] as number[], chosen: [] as number[], rejected: [] as number[], p: [] as number[] };
  for (let k = 0; k < n; k++) {
    const c = Math.floor(rand() * world.contexts);
    const [a, b] = distinctPair(policy[c], rand);
    const pa = P[c][a][b];
    const aWins = rand() < pa;
    cols.context.push(c);
    cols.chosen.push(aWins ? a : b);
    cols.rejected.push(aWins ? b : a);
    cols.p.push(aWins ? pa : 1 - pa);
  }
  return aq.table(cols);
}

/** Two different responses from p: the second from p renormalised without the first. */
export function distinctPair(p: readonly number[], rand: Rng): [number, number] {
  const a = sampleIndex(p, rand);
  const rest = p.map((v, k) => (k === a ? 0 : v));
  const s = rest.reduce((x, y) => x + y, 0);
  const b = s > 0 ? sampleIndex(rest.map((v) => v / s), rand) : (a + 1 + Math.floor(rand() * (p.length - 1))) % p.length;
  return [a, b];
}

/** Pairs as index arrays. */
export interface PairIndices {
  context: Int32Array;
  chosen: Int32Array;
  rejected: Int32Array;
}

/**
 * Reads a pairs table (context, chosen, rejected) and checks it against the world.
 * @throws ShapeError when it has no rows; DataFormatError for a missing column or an index
 *   outside the world (naming the row and the value).
 */
export function pairIndices(where: string, pairs: TableLike, world: BanditWorld): PairIndices {
  const names = pairs.columnNames();
  for (const col of ['context', 'chosen', 'rejected']) {
    if (!names.includes(col)) throw new DataFormatError(`${where}: pairs have no column "${col}": they have ${names.map((n) => `"${n}"`).join(', ')}. Expected context, chosen, rejected (as samplePreferencePairs writes).`);
  }
  const n = pairs.numRows();
  if (n === 0) throw new ShapeError(`${where}: the preference data is empty (0 pairs): expected at least one labelled pair.`);
  const out = { context: new Int32Array(n), chosen: new Int32Array(n), rejected: new Int32Array(n) };
  const rows = pairs.objects() as Record<string, unknown>[];
  rows.forEach((r, i) => {
    for (const [col, max] of [['context', world.contexts], ['chosen', world.responses], ['rejected', world.responses]] as const) {
      const v = r[col];
      if (!Number.isInteger(v) || (v as number) < 0 || (v as number) >= max) throw new DataFormatError(`${where}: pair ${i} has ${col} = ${JSON.stringify(v)}: expected an index in 0…${max - 1}.`);
      out[col][i] = v as number;
    }
  });
  return out;
}
