import * as tf from '@tensorflow/tfjs';
import * as aq from 'arquero';
import { softmaxCrossEntropyStep } from './classifier-step';
import { denseStack } from './dense-stack';
import { adam } from './fused-adam';
import { denseTrainer } from './native-dense-step';
import { ConfigError, NumericError, ShapeError } from '../errors';
import { permutation, rng } from '../util/random';
import { checkTrainingInputs } from './check-training-inputs';
import { hasInstalledSink } from '../display/display-sink';
import { epochProgress } from './epoch-progress';

/** One row of a training history. */
export interface EpochLogs {
  epoch: number;
  loss: number;
  accuracy: number;
  val_loss?: number;
  val_accuracy?: number;
}

/** Options for {@link fit}. */
export interface FitOptions {
  /** Passes over the data. Default: 10. */
  epochs?: number;
  /** Examples per step. Default: 32. */
  batchSize?: number;
  /** Adam learning rate. Default: 1e-3. */
  learningRate?: number;
  /** Seed of the shuffling. Default: 0. */
  seed?: number;
  /** Held-out data evaluated after every epoch. Default: none. */
  validationData?: [tf.Tensor2D, tf.Tensor1D];
  /** Called after every epoch with the history so far (an arquero table). */
  onEpochEnd?: (history: aq.ColumnTable, logs: EpochLogs) => void | Promise<void>;
  /** Show a progress bar over the epochs (see `progressBar`). Default: true in a notebook (inside the kernel), false elsewhere. */
  progress?: boolean;
}

function evaluate(model: tf.LayersModel, x: tf.Tensor2D, y: tf.Tensor1D): [tf.Scalar, tf.Scalar] {
  return tf.tidy(() => {
    const logits = model.apply(x) as tf.Tensor2D;
    const loss = tf.losses.softmaxCrossEntropy(tf.oneHot(y, logits.shape[1]), logits);
    const acc = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32'));
    return [loss as tf.Scalar, acc as tf.Scalar];
  });
}

// Runs fit without a bar inside one that advances per epoch: the training loop stays as it is.
async function withProgress(model: tf.LayersModel, x: tf.Tensor2D, y: tf.Tensor1D, options: FitOptions): Promise<aq.ColumnTable> {
  const bar = epochProgress('fit', options.epochs ?? 10, true);
  const onEpochEnd = async (history: aq.ColumnTable, logs: EpochLogs) => {
    const val = logs.val_loss === undefined ? '' : ` · val_loss ${logs.val_loss.toPrecision(4)}`;
    bar.epoch(logs.epoch, `loss ${logs.loss.toPrecision(4)} · accuracy ${logs.accuracy.toFixed(3)}${val}`);
    await options.onEpochEnd?.(history, logs);
  };
  try {
    const history = await fit(model, x, y, { ...options, onEpochEnd, progress: false });
    await bar.end();
    return history;
  } catch (e) {
    await bar.end(e);
    throw e;
  }
}

const fusedStep = (s: { loss: number; accuracy: number }): [number[], number[]] => [[s.loss], [s.accuracy]];

async function readStep([loss, acc]: [tf.Scalar, tf.Scalar]): Promise<[ArrayLike<number>, ArrayLike<number>]> {
  const values = await Promise.all([loss.data(), acc.data()]);
  tf.dispose([loss, acc]);
  return values;
}

/**
 * Trains a classifier (softmax cross-entropy, Adam, seeded shuffling) and returns the history
 * as an arquero table with one row per epoch: epoch, loss, accuracy (and val_loss, val_accuracy).
 * @param model - a model mapping [batch, features] to class logits, e.g. from `mlp`.
 * @param x - features, shape [examples, features].
 * @param y - integer class labels, shape [examples].
 * @param options - epochs, batch size, learning rate, seed, validation data, callback, progress bar.
 * @returns the history table; plot it with `lineChart(history, { x: 'epoch', y: 'loss' })`.
 * @throws ShapeError when x and y disagree in length, x has the wrong rank or feature count, or
 *   y is one-hot; DataFormatError when x or y is not a tensor, y is not int32 or a label is
 *   outside 0…outputs−1; NumericError when x holds NaN or ±Infinity (checked before training,
 *   so the model is unchanged) or the loss becomes NaN. See `checkTrainingInputs`.
 * @example
 * const history = await fit(model, x, y, { epochs: 20, batchSize: 64, seed: 1 });
 */
export async function fit(model: tf.LayersModel, x: tf.Tensor2D, y: tf.Tensor1D, options: FitOptions = {}): Promise<aq.ColumnTable> {
  if (options.progress ?? hasInstalledSink()) return withProgress(model, x, y, options);
  await checkTrainingInputs('fit', model, x, y);
  if (options.validationData) await checkTrainingInputs('fit', model, ...options.validationData, { x: 'validationData[0]', y: 'validationData[1]' });
  const n = x.shape[0];
  if (y.shape[0] !== n) throw new ShapeError(`fit: x has ${n} examples (shape [${x.shape}]) but y has ${y.shape[0]} labels: expected one label per row of x.`);
  if (n === 0) throw new ShapeError('fit: x has no examples: expected at least one row.');
  const epochs = options.epochs ?? 10;
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(epochs) || epochs < 1) throw new ConfigError(`fit: epochs is ${epochs}: expected a positive integer.`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ConfigError(`fit: batchSize is ${batchSize}: expected a positive integer.`);
  const optimizer = adam(options.learningRate ?? 1e-3);
  // Plain dense networks (what mlp builds) train with hand-written gradients, others through
  // the gradient tape.
  const dense = model instanceof tf.Sequential ? denseStack(model) : undefined;
  // ...and where the OpenBLAS addon is loaded, each of their steps is one native call.
  const trainer = dense ? denseTrainer(dense, optimizer, [x, y]) : undefined;
  const rand = rng(options.seed ?? 0);
  const rows: EpochLogs[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const shuffled = permutation(n, rand);
    const order = tf.tensor1d(shuffled, 'int32');
    let lossSum = 0;
    let accSum = 0;
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const [lv, av] = trainer ? fusedStep(trainer.classifierStep(x, y, shuffled.subarray(start, start + size))) : await readStep(tf.tidy(() => {
        const idx = order.slice(start, size);
        const xb = tf.gather(x, idx);
        const yb = tf.gather(y, idx);
        if (dense) {
          const { loss, accuracy } = softmaxCrossEntropyStep(dense, xb, yb, optimizer);
          return [loss, accuracy];
        }
        let accuracy: tf.Scalar | undefined;
        const l = optimizer.minimize(() => {
          const logits = model.apply(xb, { training: true }) as tf.Tensor2D;
          accuracy = tf.keep(tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), yb), "float32")) as tf.Scalar);
          return tf.losses.softmaxCrossEntropy(tf.oneHot(yb, logits.shape[1]), logits) as tf.Scalar;
        }, true)!;
        return [l, accuracy!] as [tf.Scalar, tf.Scalar];
      }));
      if (!Number.isFinite(lv[0])) throw new NumericError(`fit: the loss became ${lv[0]} at epoch ${epoch}, examples ${start}–${start + size - 1}. Lower learningRate or check the inputs for NaN.`);
      lossSum += lv[0] * size;
      accSum += av[0] * size;
    }
    order.dispose();
    const logs: EpochLogs = { epoch, loss: lossSum / n, accuracy: accSum / n };
    if (options.validationData) {
      const [vl, va] = evaluate(model, ...options.validationData);
      const [vlv, vav] = await Promise.all([vl.data(), va.data()]);
      tf.dispose([vl, va]);
      logs.val_loss = vlv[0];
      logs.val_accuracy = vav[0];
    }
    rows.push(logs);
    if (options.onEpochEnd) await options.onEpochEnd(aq.from(rows), logs);
  }
  optimizer.dispose();
  return aq.from(rows);
}
