import * as aq from 'arquero';
import { ConfigError } from '../errors';
import { normal, rng } from '../util/random';

/** Options for {@link rockPaperScissors}. */
export interface RockPaperScissorsOptions {
  /** Items of each type. Default: 100. */
  perType?: number;
  /** Extra noise features per item. Default: 2. */
  noiseDim?: number;
  /** Probability that an item beats the type it dominates. Default: 0.9. */
  pWin?: number;
  /** Labelled pairs. Default: 3000. */
  pairs?: number;
  /** Seed. Default: 0. */
  seed?: number;
}

/** The three types, each beating the next: rock ≻ scissors ≻ paper ≻ rock. */
export const RPS_TYPES = ['rock', 'paper', 'scissors'] as const;

/**
 * P(type i ≻ type j) in the cycle.
 * @example
 * rpsProbability(0, 2, 0.9) // rock beats scissors: 0.9
 */
export function rpsProbability(i: number, j: number, pWin: number): number {
  if (i === j) return 0.5;
  // rock(0) beats scissors(2), scissors(2) beats paper(1), paper(1) beats rock(0)
  return (i - j + 3) % 3 === 2 ? pWin : 1 - pWin;
}

/**
 * Intransitive preferences: items of three types that beat one another in a cycle. No scalar
 * reward can fit them (Bradley-Terry stays at chance), a pairwise preference model can.
 * @returns features (one-hot type plus noise), each item's type, and labelled pairs
 *   (a, b, label, p, type_a, type_b).
 * @example
 * const rps = rockPaperScissors({ perType: 50, seed: 3 });
 */
export function rockPaperScissors(options: RockPaperScissorsOptions = {}): { features: number[][]; types: number[]; pairs: aq.ColumnTable } {
  const perType = options.perType ?? 100;
  const pWin = options.pWin ?? 0.9;
  if (!(pWin > 0.5 && pWin <= 1)) throw new ConfigError(`rockPaperScissors: pWin is ${pWin}: expected a probability in (0.5, 1].`);
  const rand = rng(options.seed ?? 0);
  const features: number[][] = [];
  const types: number[] = [];
  for (let t = 0; t < 3; t++) {
    for (let i = 0; i < perType; i++) {
      features.push([...[0, 1, 2].map((k) => (k === t ? 1 : 0)), ...Array.from({ length: options.noiseDim ?? 2 }, () => 0.3 * normal(rand))]);
      types.push(t);
    }
  }
  const cols = { a: [] as number[], b: [] as number[], label: [] as number[], p: [] as number[], type_a: [] as string[], type_b: [] as string[] };
  for (let k = 0; k < (options.pairs ?? 3000); k++) {
    const a = Math.floor(rand() * features.length);
    let b = Math.floor(rand() * (features.length - 1));
    if (b >= a) b++;
    const p = rpsProbability(types[a], types[b], pWin);
    cols.a.push(a);
    cols.b.push(b);
    cols.label.push(rand() < p ? 1 : 0);
    cols.p.push(p);
    cols.type_a.push(RPS_TYPES[types[a]]);
    cols.type_b.push(RPS_TYPES[types[b]]);
  }
  return { features, types, pairs: aq.table(cols) };
}
