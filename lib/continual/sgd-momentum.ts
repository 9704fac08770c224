import * as tf from '@tensorflow/tfjs';
import type { MinimizingOptimizer } from '../train/fused-adam';

/**
 * SGD with momentum for the continual loop, behind the training loops' optimizer interface
 * (TF.js's `tf.train.momentum` until a fused native update is available).
 * @param learningRate - step size.
 * @param momentum - momentum coefficient.
 * @returns an optimizer with `applyGradients(grads)` and `dispose()`.
 * @example
 * const opt = sgdMomentum(0.01, 0.9);
 */
export function sgdMomentum(learningRate: number, momentum: number): MinimizingOptimizer {
  return tf.train.momentum(learningRate, momentum) as unknown as MinimizingOptimizer;
}
