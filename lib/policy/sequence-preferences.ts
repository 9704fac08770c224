import * as tf from '@tensorflow/tfjs';
import * as aq from 'arquero';
import { NumericError, ShapeError } from '../errors';
import { preferenceProbability, type Annotator } from '../reward/simulate-preferences';
import { rng, shuffledBatches } from '../util/random';
import { checkCount } from './check-inputs';
import { lossLabel, parsePreferenceLoss, type PreferenceLoss, preferenceLoss } from './losses/index';
import { SequencePolicy, referenceTable, sampleSequence, sequenceEntries, sequenceReward, type SequenceWorld } from './sequence-world';

/** Labelled sequence pairs: chosen and rejected token lists. */
export interface SequencePairs {
  chosen: number[][];
  rejected: number[][];
}

/**
 * Samples pairs of sequences from π_ref and labels them by an annotator: Bradley-Terry on the
 * gold reward, plus `bias` per token of length difference (a length-loving annotator).
 * @param world - the sequence world.
 * @param options - pairs, annotator (β, flip, bias per token), seed.
 * @returns chosen and rejected sequences.
 * @throws ConfigError for a count < 1.
 * @example
 * const pairs = sampleSequencePairs(sw, { pairs: 4000, annotator: { name: 'likes length', beta: 4, bias: 0.3 } });
 */
export function sampleSequencePairs(world: SequenceWorld, options: { pairs: number; annotator?: Annotator; seed?: number }): SequencePairs {
  const n = checkCount('sampleSequencePairs', 'pairs', options.pairs);
  const annotator = options.annotator ?? { name: 'gold', beta: 4 };
  const rand = rng(options.seed ?? 0);
  const table = referenceTable(world);
  const out: SequencePairs = { chosen: [], rejected: [] };
  for (let k = 0; k < n; k++) {
    const a = sampleSequence(world, table, rand), b = sampleSequence(world, table, rand);
    const p = preferenceProbability(annotator, sequenceReward(world, a), sequenceReward(world, b), a.length, b.length);
    const aWins = rand() < p;
    out.chosen.push(aWins ? a : b);
    out.rejected.push(aWins ? b : a);
  }
  return out;
}

/** Options for {@link trainSequencePolicy}. */
export interface TrainSequenceOptions {
  loss: PreferenceLoss;
  /** Adam steps. Default: 300. */
  steps?: number;
  /** Pairs per step. Default: 256. */
  batchSize?: number;
  /** Adam learning rate. Default: 0.05. */
  learningRate?: number;
  /** Steps between measurements. Default: 50. */
  evalEvery?: number;
  /** Sequences sampled per measurement. Default: 2000. */
  evalSamples?: number;
  /** Seed. Default: 0. */
  seed?: number;
}

/**
 * Trains a {@link SequencePolicy} on labelled sequence pairs with a preference loss, using
 * sequence log-probabilities (sums over tokens) and lengths (tokens, end token included), and
 * measures, on samples, the gold reward, the mean length and KL(π ‖ π_ref).
 * @param world - the sequence world.
 * @param pairs - chosen and rejected sequences.
 * @param options - loss and schedule; see {@link TrainSequenceOptions}.
 * @returns the policy and rows step, method, gold_reward, length, kl_ref.
 * @throws ShapeError for empty or uneven pairs; ConfigError for a bad loss; NumericError when the loss diverges.
 * @example
 * const { history } = await trainSequencePolicy(sw, pairs, { loss: { kind: 'simpo', beta: 2, gamma: 0.5 } });
 */
export async function trainSequencePolicy(world: SequenceWorld, pairs: SequencePairs, options: TrainSequenceOptions): Promise<{ policy: SequencePolicy; history: aq.ColumnTable }> {
  const where = 'trainSequencePolicy';
  const loss = parsePreferenceLoss(options.loss, where);
  const n = pairs.chosen.length;
  if (n === 0) throw new ShapeError(`${where}: the preference data is empty (0 pairs): expected at least one labelled pair.`);
  if (pairs.rejected.length !== n) throw new ShapeError(`${where}: ${n} chosen but ${pairs.rejected.length} rejected sequences: expected one of each per pair.`);
  const steps = checkCount(where, 'steps', options.steps ?? 300, 0);
  const batch = Math.min(n, checkCount(where, 'batchSize', options.batchSize ?? 256));
  const evalEvery = checkCount(where, 'evalEvery', options.evalEvery ?? 50);
  const evalSamples = checkCount(where, 'evalSamples', options.evalSamples ?? 2000);
  const V = world.vocab + 1;
  const size = world.maxLength * V * V;
  const ref = referenceTable(world);
  const logRef = (e: number[]) => e.reduce((s, i) => s + Math.log(ref[i]), 0);
  const entries = { chosen: pairs.chosen.map((y) => sequenceEntries(world, y)), rejected: pairs.rejected.map((y) => sequenceEntries(world, y)) };
  const policy = new SequencePolicy(world);
  const optimizer = tf.train.adam(options.learningRate ?? 0.05);
  const rand = rng(options.seed ?? 0);
  const method = lossLabel(loss);
  const rows: Record<string, unknown>[] = [];
  // Sequence log-probabilities as counts [pairs, table entries] times the flat log table.
  const counts = (list: number[][], idx: ArrayLike<number>) => {
    const m = new Float32Array(idx.length * size);
    for (let k = 0; k < idx.length; k++) for (const e of list[idx[k]]) m[k * size + e] += 1;
    return tf.tensor2d(m, [idx.length, size]);
  };
  const measure = async (step: number) => {
    const table = await policy.table();
    let gold = 0, len = 0, kl = 0;
    for (let s = 0; s < evalSamples; s++) {
      const y = sampleSequence(world, table, rand);
      gold += sequenceReward(world, y);
      len += y.length;
      for (const e of sequenceEntries(world, y)) kl += Math.log(table[e] / ref[e]);
    }
    rows.push({ step, method, gold_reward: gold / evalSamples, length: len / evalSamples, kl_ref: Math.max(0, kl / evalSamples) });
  };
  const nextBatch = shuffledBatches(n, batch, rand);
  try {
    await measure(0);
    for (let step = 1; step <= steps; step++) {
      const idx = nextBatch();
      const [cw, cl] = [counts(entries.chosen, idx), counts(entries.rejected, idx)];
      const lens = (list: number[][]) => tf.tensor1d(Array.from(idx, (i) => list[i].length));
      const b = {
        referenceChosen: tf.tensor1d(Array.from(idx, (i) => logRef(entries.chosen[i]))),
        referenceRejected: tf.tensor1d(Array.from(idx, (i) => logRef(entries.rejected[i]))),
        lengthChosen: lens(entries.chosen),
        lengthRejected: lens(entries.rejected),
      };
      const value = optimizer.minimize(() => {
        const logp = tf.reshape(policy.logTable(), [size, 1]);
        return preferenceLoss(loss, { ...b, policyChosen: tf.reshape(tf.matMul(cw, logp), [-1]) as tf.Tensor1D, policyRejected: tf.reshape(tf.matMul(cl, logp), [-1]) as tf.Tensor1D });
      }, true, [policy.weights])!;
      tf.dispose([cw, cl, ...Object.values(b)]);
      if (step % evalEvery === 0 || step === steps) {
        const v = (await value.data())[0];
        if (!Number.isFinite(v)) throw new NumericError(`${where}: the ${method} loss became ${v} at step ${step}. Lower learningRate.`);
        await measure(step);
      }
      value.dispose();
    }
  } finally {
    optimizer.dispose();
  }
  return { policy, history: aq.from(rows) };
}
