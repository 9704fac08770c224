import * as tf from '@tensorflow/tfjs';
import { loadBlasAddon, type BlasAddon } from '../backend/native/load-addon';
import { floatOffset, type WasmBackendLike } from '../backend/wasm-heap';
import { DataFormatError } from '../errors';
import type { DenseLayerParams } from './dense-stack';
import type { MinimizingOptimizer } from './fused-adam';
import { isNativeStepOptimizer, type NativeStepOptimizer } from './native-optimizer';

/** Whole training steps of a dense ReLU stack, each one native call. */
export interface DenseTrainer {
  /**
   * One step on the softmax cross-entropy of the rows `rows` of `x` (float32, [examples, in])
   * with their int32 labels in `y`: gather, forward, loss, backward and update in one call.
   * @returns the batch's mean loss and accuracy (as numbers: nothing to read back or dispose).
   */
  classifierStep(x: tf.Tensor2D, y: tf.Tensor1D, rows: Int32Array): { loss: number; accuracy: number };
  /**
   * One step on the Bradley-Terry loss (see `bradleyTerryStep`) of a batch whose first `sign.length`
   * rows of `x` are the first items of the pairs and the next as many the second items.
   * @returns the loss and how many pairs the model already ranks the right way round (z > 0).
   */
  pairStep(x: Float32Array, sign: Float32Array, margin: Float32Array | undefined, centerCoefficient: number): { loss: number; correct: number };
}

class NativeDenseTrainer implements DenseTrainer {
  private readonly variables: tf.Variable[];
  private readonly out = new Float64Array(2);

  constructor(private readonly addon: BlasAddon, private readonly stack: DenseLayerParams[], private readonly optimizer: NativeStepOptimizer) {
    this.variables = stack.flatMap((l) => (l.bias ? [l.kernel, l.bias] : [l.kernel]));
  }

  // Layout (dense-step.c): [layers, kind, lr, 5 optimizer numbers], then per layer
  // [in, out, relu, kernel, bias, kernel slot a, kernel slot b, bias slot a, bias slot b].
  private plan(backend: WasmBackendLike): Float64Array {
    const { head, slots } = this.optimizer.nativeStepPlan(backend, this.variables);
    const plan = new Float64Array(8 + 9 * this.stack.length);
    plan[0] = this.stack.length;
    plan.set(head, 1);
    let v = 0;
    this.stack.forEach((l, i) => {
      const [inputs, units] = l.kernel.shape as [number, number];
      const ks = slots[v++];
      const bs = l.bias ? slots[v++] : [-1, -1];
      // Offsets read after the plan: the optimizer may have given a variable its own memory.
      plan.set([inputs, units, l.relu ? 1 : 0, floatOffset(backend, l.kernel), l.bias ? floatOffset(backend, l.bias) : -1, ks[0], ks[1], bs[0], bs[1]], 8 + 9 * i);
    });
    return plan;
  }

  classifierStep(x: tf.Tensor2D, y: tf.Tensor1D, rows: Int32Array): { loss: number; accuracy: number } {
    const backend = tf.backend() as unknown as WasmBackendLike;
    const plan = this.plan(backend);
    try {
      this.addon.classifierStep(backend.wasm.HEAPU8.buffer as ArrayBuffer, plan, floatOffset(backend, x), x.shape[0], floatOffset(backend, y), rows, this.out);
    } catch (e) {
      throw new DataFormatError(`${(e as Error).message}. Check the labels (int32 class indices) and the batch's row indices.`);
    }
    return { loss: this.out[0], accuracy: this.out[1] / rows.length };
  }

  pairStep(x: Float32Array, sign: Float32Array, margin: Float32Array | undefined, centerCoefficient: number): { loss: number; correct: number } {
    const backend = tf.backend() as unknown as WasmBackendLike;
    this.addon.pairStep(backend.wasm.HEAPU8.buffer as ArrayBuffer, this.plan(backend), x, sign, margin ?? null, centerCoefficient, this.out);
    return { loss: this.out[0], correct: this.out[1] };
  }
}

/**
 * A fused native trainer for a dense ReLU stack (`denseStack` of a network from `mlp` or
 * `rewardModel`): each training step, from the batch's rows to the optimizer's update, is one
 * call into the OpenBLAS addon, with the arithmetic of `softmaxCrossEntropyStep` and
 * `bradleyTerryStep` (same losses within 1e-5 over 100 steps; tested). Available on the wasm
 * backend with the addon built and an optimizer from `adam` or `sgd`; undefined otherwise, and
 * the caller keeps its TF.js path.
 * @param stack - the network's layers, from `denseStack`.
 * @param optimizer - from `adam(lr)` or `sgd({ learningRate, momentum })`.
 * @param data - tensors the classifier steps will read (x float32, y int32), checked to live on the wasm heap.
 * @returns the trainer, or undefined where the fused step cannot run.
 * @throws DataFormatError (from `classifierStep`) for a label outside [0, classes) or a row index outside x.
 * @example
 * const trainer = denseTrainer(denseStack(model)!, sgd({ learningRate: 0.01, momentum: 0.9 }), [x, y]);
 * const { loss, accuracy } = trainer!.classifierStep(x, y, Int32Array.from([0, 1, 2, 3]));
 */
export function denseTrainer(stack: DenseLayerParams[], optimizer: MinimizingOptimizer, data: tf.Tensor[] = []): DenseTrainer | undefined {
  const { addon } = loadBlasAddon();
  if (!addon || tf.getBackend() !== 'wasm' || !isNativeStepOptimizer(optimizer)) return undefined;
  const backend = tf.backend() as unknown as WasmBackendLike;
  const weights = stack.flatMap((l) => (l.bias ? [l.kernel, l.bias] : [l.kernel]));
  if ([...data, ...weights].some((t) => !backend.dataIdMap.has(t.dataId))) return undefined; // made on another backend
  if (data[0] && data[0].dtype !== 'float32') return undefined;
  if (data[1] && data[1].dtype !== 'int32') return undefined;
  return new NativeDenseTrainer(addon, stack, optimizer);
}
