import * as tf from '@tensorflow/tfjs';
import * as aq from 'arquero';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../lib/backend/select-backend';
import { DataFormatError, NumericError, ShapeError } from '../../../lib/errors';
import { rewardModel } from '../../../lib/reward/pair-model';
import { trainPairModel } from '../../../lib/reward/train-pair-model';
import { checkFeatureArray, checkLabelValues, checkTrainingInputs } from '../../../lib/train/check-training-inputs';
import { fit } from '../../../lib/train/fit';
import { mlp } from '../../../lib/train/mlp';

// 12 examples of 4 features, 3 classes; a model 4 → 8 → 3.
const model = () => mlp({ inputDim: 4, hidden: [8], outputDim: 3, seed: 1 });
const xValues = () => Array.from({ length: 12 }, (_, i) => [i / 12, 1 - i / 12, (i % 3) / 3, 0.5]);
const labels = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2];
const x = () => tf.tensor2d(xValues());
const y = (values = labels) => tf.tensor1d(values, 'int32');
const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('fit input checks (checkTrainingInputs)', () => {
  beforeAll(async () => {
    await selectBackend();
  });

  it('rejects labels outside the model outputs, naming the rows and values', async () => {
    const high = labels.map((v, i) => (i === 4 ? 7 : v));
    await expect(fit(model(), x(), y(high), { epochs: 1 })).rejects.toThrow(DataFormatError);
    await expect(fit(model(), x(), y(high), { epochs: 1 })).rejects.toThrow('fit: y has labels outside 0…2 in row 4 (it is 7): expected class indices in 0…2, as the model has 3 outputs.');
    const negative = labels.map((v, i) => (i === 0 || i === 9 ? -1 : v));
    await expect(fit(model(), x(), y(negative), { epochs: 1 })).rejects.toThrow(/labels outside 0…2 in rows 0 and 9 \(row 0 is -1\)/);
  });

  it('names the original row of a NaN (not its place in the shuffled order) and leaves the model unchanged', async () => {
    const values = xValues();
    values[3][1] = NaN;
    const m = model();
    const before = weightsOf(m);
    const call = fit(m, tf.tensor2d(values), y(), { epochs: 2, batchSize: 4, seed: 5 });
    await expect(call).rejects.toThrow(NumericError);
    await expect(fit(m, tf.tensor2d(values), y(), { epochs: 2, batchSize: 4, seed: 5 })).rejects.toThrow('fit: x has non-finite values in row 3 (first: row 3, feature 1 is NaN)');
    expect(weightsOf(m)).toEqual(before);
    expect(weightsOf(m).flat().every(Number.isFinite)).toBe(true);
  });

  it('names the argument, the shape or type found and what was expected', async () => {
    const cases: [unknown, unknown, typeof ShapeError, string][] = [
      [tf.zeros([12, 5]), y(), ShapeError, 'fit: x has 5 features (shape [12, 5]) but the model takes 4: expected shape [12, 4].'],
      [tf.zeros([12]), y(), ShapeError, 'fit: x is a 1-D float32 tensor of shape [12]: expected a 2-D float32 tensor [examples, 4].'],
      [x(), tf.oneHot(y(), 3), ShapeError, 'fit: y is a 2-D int32 tensor of shape [12, 3], one-hot or scores per class: expected a 1-D int32 tensor of 12 class labels in 0…2. Use the class indices: tf.argMax(y, 1).'],
      [x(), tf.tensor1d(labels), DataFormatError, "fit: y has dtype float32: expected int32 class labels. Create it with tf.tensor1d(labels, 'int32') or cast it: tf.cast(y, 'int32')."],
      [x(), tf.tensor1d([0.5, ...labels.slice(1)]), DataFormatError, 'fit: y has dtype float32 (it holds 0.5, which is not a class index)'],
      [xValues(), y(), DataFormatError, 'fit: x is a plain array of 12 rows: expected a 2-D float32 tensor [examples, 4]. Wrap it: tf.tensor2d(x).'],
      [x(), labels, DataFormatError, "fit: y is a plain array of 12 values: expected a 1-D int32 tensor of 12 class labels in 0…2. Wrap it: tf.tensor1d(y, 'int32')."],
      [x(), y(labels.slice(0, 10)), ShapeError, 'fit: x has 12 examples but y has 10 labels'],
    ];
    for (const [xs, ys, kind, message] of cases) {
      const call = fit(model(), xs as tf.Tensor2D, ys as tf.Tensor1D, { epochs: 1 });
      await expect(call).rejects.toThrow(kind);
      await expect(fit(model(), xs as tf.Tensor2D, ys as tf.Tensor1D, { epochs: 1 })).rejects.toThrow(message);
    }
  });

  it('checks validationData under its own name', async () => {
    await expect(fit(model(), x(), y(), { epochs: 1, validationData: [tf.zeros([3, 2]) as tf.Tensor2D, y().slice(0, 3)] })).rejects.toThrow('fit: validationData[0] has 2 features (shape [3, 2]) but the model takes 4');
  });

  it('returns the example count for good inputs, also when a row of large finite values sums to Infinity', async () => {
    expect(await checkTrainingInputs('myLoop', model(), x(), y())).toBe(12);
    const big = xValues();
    big[2] = [3e38, 3e38, 3e38, 0];
    expect(await checkTrainingInputs('myLoop', model(), tf.tensor2d(big), y())).toBe(12);
  });

  it('names the rows when many are bad (read in one pass)', async () => {
    const values = Array.from({ length: 200 }, (_, i) => [i, i % 3 === 0 ? NaN : 1, 0, i === 199 ? -Infinity : 0]);
    const ys = tf.tensor1d(Array.from({ length: 200 }, (_, i) => i % 3), 'int32');
    // rows 0, 3, …, 198 (67) have NaN in feature 1, row 199 −Infinity in feature 3
    await expect(checkTrainingInputs('myLoop', model(), tf.tensor2d(values), ys)).rejects.toThrow('myLoop: x has non-finite values in rows 0, 3, 6, 9, 12, … (68 rows) (first: row 0, feature 1 is NaN)');
  });
});

describe('checkFeatureArray and checkLabelValues (flat arrays, as task streams hold them)', () => {
  it('name the rows of non-finite features and out-of-range labels', () => {
    const data = new Float32Array(12);
    data[5] = Infinity;
    data[11] = NaN;
    expect(() => checkFeatureArray('trainContinual', 'task "t1" train.x', data, 3, 4)).toThrow('trainContinual: task "t1" train.x has non-finite values in rows 1 and 2 (first: row 1, feature 1 is Infinity)');
    expect(() => checkFeatureArray('trainContinual', 'x', data, 4, 4)).toThrow('x has 12 values: expected 4 rows × 4 features = 16.');
    expect(() => checkLabelValues('trainContinual', 'y', Int32Array.from([0, 9, 1]), 3)).toThrow(/y has labels outside 0…2 in row 1 \(it is 9\)/);
  });
});

describe('trainPairModel input checks', () => {
  const features = Array.from({ length: 6 }, (_, i) => [i, 1, 2, 3]);
  const pairs = aq.table({ a: [0, 1, 2], b: [3, 4, 5], label: [1, 0, 1] });

  it('names a tensor or flat array passed as features, and plain rows passed as pairs', async () => {
    await expect(trainPairModel(rewardModel(4), tf.tensor2d(features) as never, pairs)).rejects.toThrow('trainPairModel: features is a 2-D float32 tensor of shape [6, 4]: expected an array of rows of numbers (number[][], one row per item). Convert it: await features.array().');
    await expect(trainPairModel(rewardModel(4), new Float32Array(24) as never, pairs)).rejects.toThrow('trainPairModel: features is a Float32Array of 24 values');
    await expect(trainPairModel(rewardModel(4), features, pairs.objects() as never)).rejects.toThrow('trainPairModel: pairs is a plain array of 3 rows: expected an arquero table with columns a, b, label. Wrap it: aq.from(pairs).');
    await expect(trainPairModel(rewardModel(4), features, undefined as never)).rejects.toThrow(DataFormatError);
  });
});
