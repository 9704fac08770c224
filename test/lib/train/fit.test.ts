import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../lib/backend/select-backend';
import { spirals } from '../../../lib/data/spirals';
import { ShapeError } from '../../../lib/errors';
import { fit } from '../../../lib/train/fit';
import { mlp } from '../../../lib/train/mlp';

describe('fit', () => {
  beforeAll(async () => {
    await selectBackend();
  });

  it('returns the history as a table and reruns to the same losses with the same seeds', async () => {
    const run = async () => {
      const { x, y } = spirals({ perClass: 40, seed: 3 });
      const model = mlp({ inputDim: 2, hidden: [16], outputDim: 3, seed: 5 });
      const h = await fit(model, x, y, { epochs: 5, batchSize: 16, learningRate: 0.02, seed: 7 });
      return h.array('loss') as number[];
    };
    const a = await run();
    const b = await run();
    expect(a).toHaveLength(5);
    expect(a).toEqual(b);
    expect(a[4]).toBeLessThan(a[0]);
  });

  it('names both lengths when x and y disagree', async () => {
    const model = mlp({ inputDim: 2, outputDim: 2 });
    await expect(fit(model, tf.zeros([4, 2]) as tf.Tensor2D, tf.zeros([3], 'int32') as tf.Tensor1D)).rejects.toThrow(ShapeError);
    await expect(fit(model, tf.zeros([4, 2]) as tf.Tensor2D, tf.zeros([3], 'int32') as tf.Tensor1D)).rejects.toThrow(/x has 4 examples .* y has 3 labels/);
  });
});
