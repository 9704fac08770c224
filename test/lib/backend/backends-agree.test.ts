import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../lib/backend/select-backend';
import { releaseWebgpu } from '../../../lib/backend/webgpu-backend';
import { FASHION_MNIST_SUBSET, loadFashionMnist } from '../../../lib/data/fashion-mnist';
import { fit } from '../../../lib/train/fit';
import { mlp } from '../../../lib/train/mlp';
import type { BackendName } from '../../../lib/backend/backend-report';

// The same seeded training run on each backend: 3 epochs of an MLP 784-100-10 on 256 images.
async function lossCurve(backend: BackendName): Promise<number[]> {
  await selectBackend({ backend });
  const d = loadFashionMnist('train', FASHION_MNIST_SUBSET);
  const n = 256;
  const x = tf.tensor2d(Float32Array.from(d.images.subarray(0, n * 784), (v) => v / 255), [n, 784]);
  const y = tf.tensor1d(Int32Array.from(d.labels.subarray(0, n)), 'int32');
  const model = mlp({ inputDim: 784, hidden: [100], outputDim: 10, seed: 7 });
  const history = await fit(model, x, y, { epochs: 3, batchSize: 64, learningRate: 1e-3, seed: 7 });
  tf.dispose([x, y]);
  model.dispose();
  return history.array('loss') as number[];
}

describe('training gives the same loss curve on every backend', () => {
  afterAll(() => releaseWebgpu());

  it('on wasm as on cpu', async () => {
    const cpu = await lossCurve('cpu');
    const wasm = await lossCurve('wasm');
    cpu.forEach((v, i) => expect(Math.abs(wasm[i] - v)).toBeLessThan(1e-4));
  });

  it('on webgpu (lavapipe in CI) as on cpu, or skips saying why', async (ctx) => {
    const cpu = await lossCurve('cpu');
    let webgpu: number[];
    try {
      webgpu = await lossCurve('webgpu');
    } catch (e) {
      const why = (e as Error).message;
      // Only a missing package or adapter is a reason to skip; CI installs lavapipe and requires it.
      if (process.env.FEEDBACKLAB_REQUIRE_WEBGPU === '1' || !/is not installed|no WebGPU adapter/.test(why)) throw e;
      console.warn(`webgpu check skipped: ${why}`);
      ctx.skip();
      return;
    }
    expect(tf.getBackend()).toBe('webgpu');
    cpu.forEach((v, i) => expect(Math.abs(webgpu[i] - v)).toBeLessThan(1e-4));
  });
});
