import * as tf from '@tensorflow/tfjs';
import { normal, rng, type Rng } from '../util/random';
import { checkCount } from './check-inputs';
import { sampleIndex } from './preference-pairs';

/**
 * A tiny autoregressive world: sequences of up to `maxLength` tokens from a vocabulary of
 * `vocab` tokens plus an end token, a reference policy π_ref(token | position, previous token),
 * and a gold reward r*(y) = the mean quality of y's tokens, which does not grow with length.
 */
export interface SequenceWorld {
  /** Content tokens 0…vocab−1; token `vocab` ends the sequence. */
  vocab: number;
  /** Longest sequence (content tokens); the end token is forced after it. */
  maxLength: number;
  /** Quality of each content token. */
  quality: number[];
  /** π_ref's logits, [maxLength][vocab + 1 (previous token, or start = vocab)][vocab + 1]. */
  referenceLogits: number[][][];
}

/** Options for {@link sequenceWorld}. */
export interface SequenceWorldOptions {
  /** Content tokens. Default: 15 (16 with the end token). */
  vocab?: number;
  /** Longest sequence. Default: 12. */
  maxLength?: number;
  /** Logit of the end token in π_ref (higher: shorter sequences). Default: 1. */
  endLogit?: number;
  /** Seed. Default: 0. */
  seed?: number;
}

/**
 * Builds a tiny autoregressive world with a gold reward that is a per-token mean (so length
 * itself is worth nothing) — the setting where a length-biased annotator creates a length exploit.
 * @param options - see {@link SequenceWorldOptions}.
 * @returns the world.
 * @throws ConfigError for a size that is not a positive integer.
 * @example
 * const sw = sequenceWorld({ vocab: 15, maxLength: 12, seed: 1 });
 */
export function sequenceWorld(options: SequenceWorldOptions = {}): SequenceWorld {
  const vocab = checkCount('sequenceWorld', 'vocab', options.vocab ?? 15, 2);
  const maxLength = checkCount('sequenceWorld', 'maxLength', options.maxLength ?? 12);
  const rand = rng((options.seed ?? 0) * 31 + 7);
  const quality = Array.from({ length: vocab }, () => normal(rand));
  const end = options.endLogit ?? 1;
  const referenceLogits = Array.from({ length: maxLength }, () => Array.from({ length: vocab + 1 }, () => Array.from({ length: vocab + 1 }, (_, t) => (t === vocab ? end : 0.7 * normal(rand)))));
  return { vocab, maxLength, quality, referenceLogits };
}

/**
 * The gold reward of a sequence: its mean token quality (0 for the empty sequence).
 * @param world - the sequence world.
 * @param y - the content tokens.
 * @returns r*(y).
 * @example
 * sequenceReward(sw, [3, 1, 4])
 */
export function sequenceReward(world: SequenceWorld, y: readonly number[]): number {
  return y.length === 0 ? 0 : y.reduce((s, t) => s + world.quality[t], 0) / y.length;
}

/**
 * A policy over the sequence world on TF.js: logits = π_ref's logits + θ, one θ per (position,
 * previous token, next token), starting at zero (at π_ref).
 */
export class SequencePolicy {
  /** θ, [maxLength·(vocab+1)·(vocab+1)]. */
  readonly weights: tf.Variable;
  private readonly base: tf.Tensor2D;

  constructor(readonly world: SequenceWorld) {
    const V = world.vocab + 1;
    this.base = tf.tensor2d(world.referenceLogits.flat(2), [world.maxLength * V, V]);
    this.weights = tf.variable(tf.zeros([world.maxLength * V, V]));
  }

  /** log π(token | position, previous) flattened to [maxLength·(vocab+1)·(vocab+1)]. */
  logTable(): tf.Tensor1D {
    return tf.tidy(() => tf.reshape(tf.logSoftmax(tf.add(this.base, this.weights)), [-1]) as tf.Tensor1D);
  }

  /** The probability table as numbers, for sampling. */
  async table(): Promise<Float32Array> {
    const t = tf.tidy(() => tf.exp(this.logTable()));
    const out = (await t.data()) as Float32Array;
    t.dispose();
    return out;
  }

  dispose(): void {
    tf.dispose([this.base, this.weights]);
  }
}

/** The flat table entries a sequence uses (one per generated token, the end token included unless forced). */
export function sequenceEntries(world: SequenceWorld, y: readonly number[]): number[] {
  const V = world.vocab + 1;
  const out: number[] = [];
  let prev = world.vocab;
  for (let p = 0; p <= y.length && p < world.maxLength; p++) {
    const tok = p < y.length ? y[p] : world.vocab;
    out.push((p * V + prev) * V + tok);
    prev = tok;
  }
  return out;
}

/** Samples a sequence from a probability table (as from {@link SequencePolicy.table}). */
export function sampleSequence(world: SequenceWorld, table: ArrayLike<number>, rand: Rng): number[] {
  const V = world.vocab + 1;
  const y: number[] = [];
  let prev = world.vocab;
  for (let p = 0; p < world.maxLength; p++) {
    const row = Array.from({ length: V }, (_, t) => table[(p * V + prev) * V + t]);
    const s = row.reduce((a, b) => a + b, 0);
    const tok = sampleIndex(row.map((v) => v / s), rand);
    if (tok === world.vocab) break;
    y.push(tok);
    prev = tok;
  }
  return y;
}

/** π_ref's probability table (the policy at θ = 0), computed in JS. */
export function referenceTable(world: SequenceWorld): Float64Array {
  const V = world.vocab + 1;
  const out = new Float64Array(world.maxLength * V * V);
  world.referenceLogits.forEach((byPrev, p) => byPrev.forEach((logits, prev) => {
    const m = Math.max(...logits);
    const e = logits.map((v) => Math.exp(v - m));
    const z = e.reduce((a, b) => a + b, 0);
    e.forEach((v, t) => (out[(p * V + prev) * V + t] = v / z));
  }));
  return out;
}
