import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { installNativeBlasKernels } from '../../../lib/backend/native/index';
import { expectClose, PRODUCT_CASES, randomTensor, valuesOn as on } from './kernel-check';

describe('installNativeBlasKernels', () => {
  it('matches the cpu backend for products, transposes, batches and fused bias + ReLU', async (ctx) => {
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
  });
});
