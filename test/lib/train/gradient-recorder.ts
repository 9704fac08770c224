import type * as tf from '@tensorflow/tfjs';
import type { MinimizingOptimizer } from '../../../lib/train/fused-adam';

/** An optimizer that keeps the gradients it is handed, to compare them with the tape's. */
export class GradientRecorder implements MinimizingOptimizer {
  grads: Record<string, Float32Array> = {};
  applyGradients(grads: Record<string, tf.Tensor>): void {
    for (const [k, g] of Object.entries(grads)) this.grads[k] = g.dataSync() as Float32Array;
  }
  minimize(): tf.Scalar | null {
    throw new Error('GradientRecorder only records gradients');
  }
  dispose(): void {}
}
