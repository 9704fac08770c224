import * as tf from '@tensorflow/tfjs';
import * as aq from 'arquero';
import { adam } from '../train/fused-adam';
import { ConfigError, NumericError } from '../errors';
import type { TableLike } from '../table/table-bundle';
import { permutation, rng } from '../util/random';
import { denseStack } from '../train/dense-stack';
import { checkFeatureRowsArg, checkTableArg } from '../train/check-training-inputs';
import { denseTrainer } from '../train/native-dense-step';
import { epochProgress } from '../train/epoch-progress';
import { checkCenterCoefficient, preferenceMarginLoss } from './bradley-terry-loss';
import { bradleyTerryStep, type PairBatch } from './bradley-terry-step';
import { checkFeatures, pairArrays, type PairArrays } from './pair-data';
import { RewardModel, type PairModel } from './pair-model';

/** Options for {@link trainPairModel}. */
export interface TrainPairModelOptions {
  /** Maximum passes over the training pairs. Default: 30. */
  epochs?: number;
  /** Pairs per step. Default: 128. */
  batchSize?: number;
  /** Adam learning rate. Default: 3e-3. */
  learningRate?: number;
  /** Weight of the reward-centring term (reward models only; TRL uses 0.01). Default: 0. */
  centerCoefficient?: number;
  /** Column of per-pair margins. Default: none. */
  marginColumn?: string;
  /** Share of pairs held out for validation and early stopping. Default: 0.1. */
  validationFraction?: number;
  /** Epochs without a better validation loss before stopping (best weights are restored). Default: 4. */
  patience?: number;
  /** Seed of the split and the shuffling. Default: 0. */
  seed?: number;
  /** Called after every epoch with the history so far. */
  onEpochEnd?: (history: aq.ColumnTable) => void | Promise<void>;
  /** Show a progress bar over the epochs (see `progressBar`). Default: true in a notebook (inside the kernel), false elsewhere. */
  progress?: boolean;
}

/** The two sides of a batch, for models that score a pair as a whole. */
function sides(b: PairBatch): [tf.Tensor2D, tf.Tensor2D] {
  return [tf.slice(b.x, [0, 0], [b.pairs, -1]), tf.slice(b.x, [b.pairs, 0], [b.pairs, -1])];
}

/** The Bradley-Terry loss of a batch and its signed margins z = s·logit. */
function pairLoss(logit: tf.Tensor1D, b: PairBatch): { loss: tf.Scalar; z: tf.Tensor1D } {
  const z = tf.mul(b.sign, logit) as tf.Tensor1D;
  return { loss: preferenceMarginLoss(z, b.margin), z };
}

// Copies the rows of a batch out of the flat feature array (first items, then second items):
// cheaper than a gather kernel per side.
function batchArrays(flat: Float32Array, dim: number, p: PairArrays, idx: ArrayLike<number>): { x: Float32Array; sign: Float32Array; margin?: Float32Array } {
  const n = idx.length;
  const x = new Float32Array(2 * n * dim);
  const sign = new Float32Array(n);
  const margin = p.margin ? new Float32Array(n) : undefined;
  for (let k = 0; k < n; k++) {
    const i = idx[k];
    // Plain loops: a subarray view per row costs more than the copy itself at these sizes.
    const a = p.a[i] * dim, b = p.b[i] * dim, oa = k * dim, ob = (n + k) * dim;
    for (let j = 0; j < dim; j++) {
      x[oa + j] = flat[a + j];
      x[ob + j] = flat[b + j];
    }
    sign[k] = p.label[i] === 1 ? 1 : -1;
    if (margin) margin[k] = p.margin![i];
  }
  return { x, sign, margin };
}

function batchOf(flat: Float32Array, dim: number, p: PairArrays, idx: ArrayLike<number>): PairBatch {
  const { x, sign, margin } = batchArrays(flat, dim, p, idx);
  return { x: tf.tensor2d(x, [2 * idx.length, dim]), pairs: idx.length, sign: tf.tensor1d(sign), margin: margin ? tf.tensor1d(margin) : undefined };
}

const disposeBatch = (b: PairBatch) => tf.dispose([b.x, b.sign, ...(b.margin ? [b.margin] : [])]);

async function evaluateBatch(model: PairModel, b: PairBatch): Promise<{ loss: number; accuracy: number; margin: number }> {
  const [loss, acc, margin] = tf.tidy(() => {
    const { loss, z } = pairLoss(model.logit(...sides(b)), b);
    return [loss, tf.mean(tf.cast(tf.greater(z, 0), 'float32')), tf.mean(z)];
  });
  const [l, a, m] = await Promise.all([loss.data(), acc.data(), margin.data()]);
  tf.dispose([loss, acc, margin]);
  return { loss: l[0], accuracy: a[0], margin: m[0] };
}

/**
 * Trains a pair model (a Bradley-Terry reward model or a pairwise preference model) on labelled
 * pairs with Adam, mini-batches, an optional per-pair margin and reward centring, and early
 * stopping on a validation split. Logs one history row per epoch: loss, accuracy, val_loss,
 * val_accuracy, val_margin (mean r_chosen − r_rejected) and, for reward models, the mean, min and
 * max reward over all items.
 * @param model - from `rewardModel(dim)` or `pairwisePreferenceModel(dim)`; trained in place.
 * @param features - item features, [items][dim].
 * @param pairs - a table with a, b (item indices) and label (1 when a was preferred).
 * @param options - see {@link TrainPairModelOptions}.
 * @returns the history table (the model keeps the best validation weights).
 * @throws ShapeError or NumericError for ragged or non-finite features; DataFormatError for
 *   missing columns, bad labels or indices; NumericError when the loss diverges; ConfigError for
 *   a negative centring coefficient.
 * @example
 * const rm = rewardModel(16, { seed: 1 });
 * const history = await trainPairModel(rm, data.features, data.pairs, { epochs: 20, seed: 1 });
 */
export async function trainPairModel(model: PairModel, features: readonly (readonly number[])[], pairs: TableLike, options: TrainPairModelOptions = {}): Promise<aq.ColumnTable> {
  const where = 'trainPairModel';
  checkFeatureRowsArg(where, 'features', features);
  checkTableArg(where, 'pairs', pairs, ['a', 'b', 'label']);
  const dim = checkFeatures(where, features);
  const inputDim = (model.network.inputs[0].shape[1] ?? 0) / (model instanceof RewardModel ? 1 : 2);
  if (inputDim !== dim) throw new ConfigError(`${where}: the model expects ${inputDim} features per item but the items have ${dim}. Build the model with the items' feature count.`);
  const p = pairArrays(where, pairs, features.length, options.marginColumn);
  const epochs = options.epochs ?? 30;
  const batchSize = options.batchSize ?? 128;
  const valFraction = options.validationFraction ?? 0.1;
  if (!(valFraction >= 0 && valFraction < 1)) throw new ConfigError(`${where}: validationFraction is ${valFraction}: expected a number in [0, 1).`);
  checkCenterCoefficient(where, options.centerCoefficient ?? 0);
  const rand = rng(options.seed ?? 0);
  const order = permutation(p.a.length, rand);
  const nVal = Math.floor(p.a.length * valFraction);
  const valIdx = order.slice(0, nVal);
  const trainIdx = order.slice(nVal);
  if (trainIdx.length === 0) throw new ConfigError(`${where}: no training pairs are left after holding out ${nVal} for validation.`);
  const flat = new Float32Array(features.length * dim);
  features.forEach((row, i) => flat.set(row, i * dim));
  const x = tf.tensor2d(flat, [features.length, dim]);
  const val = nVal > 0 ? batchOf(flat, dim, p, valIdx) : undefined;
  const optimizer = adam(options.learningRate ?? 3e-3);
  const c = options.centerCoefficient ?? 0;
  // Reward models on plain dense networks (what rewardModel builds) train with hand-written
  // gradients; other models through the gradient tape.
  const dense = model instanceof RewardModel ? denseStack(model.network) : undefined;
  // ...and where the OpenBLAS addon is loaded, each of their steps is one native call.
  const trainer = dense ? denseTrainer(dense, optimizer) : undefined;
  const patience = options.patience ?? 4;
  const rows: Record<string, number>[] = [];
  let best = Infinity;
  let bestWeights: tf.Tensor[] | undefined;
  let sinceBest = 0;
  const bar = epochProgress(where, epochs, options.progress);
  let failure: unknown;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const shuffled = Array.from(trainIdx);
      const perm = permutation(shuffled.length, rand);
      let lossSum = 0;
      let accSum = 0;
      for (let start = 0; start < shuffled.length; start += batchSize) {
        const idx = Array.from(perm.subarray(start, Math.min(start + batchSize, perm.length)), (k) => shuffled[k]);
        if (trainer) {
          const a = batchArrays(flat, dim, p, idx);
          const { loss, correct } = trainer.pairStep(a.x, a.sign, a.margin, c);
          if (!Number.isFinite(loss)) throw new NumericError(`${where}: the loss became ${loss} in epoch ${epoch}. Lower learningRate or check the features' scale.`);
          lossSum += loss * idx.length;
          accSum += correct;
          continue;
        }
        const b = batchOf(flat, dim, p, idx);
        const stats = dense
          ? bradleyTerryStep(dense, b, c, optimizer)
          : tf.tidy(() => {
              let z: tf.Tensor1D | undefined;
              const loss = optimizer.minimize(() => {
                const [xa, xb] = sides(b);
                const { loss: bt, z: margins } = pairLoss(model.logit(xa, xb, true), b);
                z = tf.keep(margins); // accuracy is counted in JS: one read instead of three kernels
                return c > 0 && model.rewardSum ? (tf.add(bt, tf.mul(c, tf.mean(tf.square(model.rewardSum(xa, xb))))) as tf.Scalar) : bt;
              }, true)!;
              return { loss, z: z! };
            });
        const [lv, zv] = await Promise.all([stats.loss.data(), stats.z.data()]);
        let correct = 0;
        for (let k = 0; k < zv.length; k++) if (zv[k] > 0) correct++;
        tf.dispose([stats.loss, stats.z]);
        disposeBatch(b);
        if (!Number.isFinite(lv[0])) throw new NumericError(`${where}: the loss became ${lv[0]} in epoch ${epoch}. Lower learningRate or check the features' scale.`);
        lossSum += lv[0] * idx.length;
        accSum += correct;
      }
      const row: Record<string, number> = { epoch, loss: lossSum / trainIdx.length, accuracy: accSum / trainIdx.length };
      if (val) {
        const v = await evaluateBatch(model, val);
        Object.assign(row, { val_loss: v.loss, val_accuracy: v.accuracy, val_margin: v.margin });
      }
      if (model instanceof RewardModel) {
        const r = model.rewards(x);
        const [mean, min, max] = await Promise.all([tf.mean(r).data(), tf.min(r).data(), tf.max(r).data()]);
        r.dispose();
        Object.assign(row, { mean_reward: mean[0], min_reward: min[0], max_reward: max[0] });
      }
      rows.push(row);
      bar.epoch(epoch, `loss ${row.loss.toPrecision(4)} · accuracy ${row.accuracy.toFixed(3)}${row.val_loss === undefined ? '' : ` · val_loss ${row.val_loss.toPrecision(4)}`}`);
      if (options.onEpochEnd) await options.onEpochEnd(aq.from(rows));
      const monitored = row.val_loss ?? row.loss;
      if (monitored < best - 1e-6) {
        best = monitored;
        sinceBest = 0;
        tf.dispose(bestWeights ?? []);
        bestWeights = model.network.getWeights().map((w) => w.clone());
      } else if (++sinceBest >= patience) {
        break;
      }
    }
    if (bestWeights) model.network.setWeights(bestWeights);
  } catch (e) {
    failure = e;
    throw e;
  } finally {
    await bar.end(failure);
    tf.dispose([x, ...(bestWeights ?? [])]);
    if (val) disposeBatch(val);
    optimizer.dispose();
  }
  return aq.from(rows);
}
