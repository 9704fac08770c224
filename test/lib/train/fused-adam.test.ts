import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { installNativeBlasKernels } from '../../../lib/backend/native/index';
import { adam } from '../../../lib/train/fused-adam';
import { maxDifference, weightsAfterSteps } from './optimizer-check';

describe('adam', () => {
  it('takes the steps of tf.train.adam on wasm (natively when the addon is built)', async () => {
    await tf.setBackend('wasm');
    const native = installNativeBlasKernels() === null;
    if (!native && process.env.FEEDBACKLAB_REQUIRE_NATIVE === '1') throw new Error(installNativeBlasKernels()!);
    const probe = adam(0.01);
    expect(probe instanceof tf.AdamOptimizer).toBe(!native);
    probe.dispose();
    const want = weightsAfterSteps(() => tf.train.adam(0.01) as never, 8);
    const got = weightsAfterSteps(() => adam(0.01), 8);
    expect(maxDifference(got, want)).toBeLessThan(1e-6);
    expect(maxDifference(got, weightsAfterSteps(() => adam(1e-9), 8))).toBeGreaterThan(1e-2);
  });
});
