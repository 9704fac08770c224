import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { installNativeBlasKernels } from '../../../lib/backend/native/index';
import { ConfigError } from '../../../lib/errors';
import { sgd } from '../../../lib/train/fused-sgd';
import { maxDifference, weightsAfterSteps } from './optimizer-check';

describe('sgd', () => {
  it('takes the steps of tf.train.momentum on wasm (natively when the addon is built) and on cpu', async () => {
    for (const backend of ['wasm', 'cpu']) {
      await tf.setBackend(backend);
      const native = backend === 'wasm' && installNativeBlasKernels() === null;
      if (backend === 'wasm' && !native && process.env.FEEDBACKLAB_REQUIRE_NATIVE === '1') throw new Error(installNativeBlasKernels()!);
      const probe = sgd({ learningRate: 0.1 });
      expect(probe instanceof tf.MomentumOptimizer).toBe(!native);
      probe.dispose();
      for (const momentum of [0.9, 0]) {
        const want = weightsAfterSteps(() => tf.train.momentum(0.05, momentum) as never, 6);
        const got = weightsAfterSteps(() => sgd({ learningRate: 0.05, momentum }), 6);
        expect(maxDifference(got, want)).toBeLessThan(1e-6);
        // the weights moved: a no-op optimizer would not pass
        expect(maxDifference(got, weightsAfterSteps(() => sgd({ learningRate: 1e-9 }), 6))).toBeGreaterThan(1e-3);
      }
    }
  });

  it('names a bad learning rate or momentum', () => {
    expect(() => sgd({ learningRate: 0 })).toThrow(ConfigError);
    expect(() => sgd({ learningRate: Number.NaN })).toThrow(/learningRate is NaN: expected a positive number/);
    expect(() => sgd({ learningRate: 0.1, momentum: 1 })).toThrow(/momentum is 1: expected a number in \[0, 1\)/);
  });
});
