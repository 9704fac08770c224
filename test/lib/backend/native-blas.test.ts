import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { installNativeBlasKernels } from '../../../lib/backend/native/index';
import { expectClose, PRODUCT_CASES, randomTensor, valuesOn as on } from './kernel-check';

describe('installNativeBlasKernels', () => {
  it('matches the cpu backend for products, transposes, batches, fused bias + ReLU and row sums', async (ctx) => {
    await tf.setBackend('wasm');
    const why = installNativeBlasKernels();
    if (why !== null) {
      if (process.env.FEEDBACKLAB_REQUIRE_NATIVE === '1') throw new Error(why);
      console.warn(`native BLAS check skipped: ${why}`);
      ctx.skip();
      return;
    }
    expect(installNativeBlasKernels()).toBeNull(); // idempotent
    const cases: [number[], number[], boolean, boolean][] = [...PRODUCT_CASES, [[2, 4, 5], [5, 3], false, false]];
    for (const [sa, sb, ta, tb] of cases) {
      const make = () => tf.tidy(() => tf.matMul(randomTensor(sa, 1), randomTensor(sb, 2), ta, tb));
      expectClose(await on('wasm', make), await on('cpu', make));
    }
    for (const activation of ['linear', 'relu', 'elu'] as const) {
      const make = () => tf.tidy(() => tf.fused.matMul({ a: randomTensor([6, 4], 3), b: randomTensor([4, 5], 4), bias: randomTensor([5], 5), activation }));
      expectClose(await on('wasm', make), await on('cpu', make));
    }
    // Row sums (bias gradients) run natively; the other reductions reach the original kernel.
    const sums: [number[], number | number[] | undefined, boolean][] = [[[300, 7], 0, false], [[300, 7], -2, true], [[6, 5], 1, false], [[6, 5], [0, 1], false], [[6, 5], undefined, false], [[2, 3, 4], 0, false], [[0, 4], 0, false]];
    for (const [shape, axis, keepDims] of sums) {
      const make = () => tf.tidy(() => tf.sum(randomTensor(shape, 6), axis, keepDims));
      const [got, want] = [await on('wasm', make), await on('cpu', make)];
      expectClose(got, want);
    }
    const ints = () => tf.tidy(() => tf.sum(tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'), 0));
    expect(Array.from(await on('wasm', ints))).toEqual([4, 6]);
  });
});
