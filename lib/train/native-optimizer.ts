import type * as tf from '@tensorflow/tfjs';
import type { WasmBackendLike } from '../backend/wasm-heap';

/** The optimizer's part of a fused native step's plan (see lib/backend/native/dense-step.c). */
export interface NativeStepPlan {
  /** [kind (0 Adam, 1 SGD momentum), lr, then Adam's β1, β2, ε, 1−β1^t, 1−β2^t or SGD's momentum]: 7 numbers. */
  head: number[];
  /** Float offsets of each variable's two optimizer slots on the wasm heap (−1 where unused). */
  slots: [number, number][];
}

/** An optimizer whose update can run inside a fused native training step. */
export interface NativeStepOptimizer {
  /**
   * The plan of one step for these variables (creating their slots on first use). Advances the
   * optimizer's step count, as `applyGradients` does: call it once per step taken.
   */
  nativeStepPlan(backend: WasmBackendLike, variables: tf.Variable[]): NativeStepPlan;
}

/** Whether `o` can take part in a fused native step. */
export function isNativeStepOptimizer(o: object): o is NativeStepOptimizer {
  return typeof (o as Partial<NativeStepOptimizer>).nativeStepPlan === 'function';
}
