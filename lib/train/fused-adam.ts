import * as tf from '@tensorflow/tfjs';
import { loadBlasAddon, type BlasAddon } from '../backend/native/load-addon';
import { floatOffset, type WasmBackendLike } from '../backend/wasm-heap';
import type { NativeStepOptimizer, NativeStepPlan } from './native-optimizer';
import { ownedVariable, zeroSlot } from './native-variable';

/** What the training loops need from an optimizer. */
export interface MinimizingOptimizer {
  minimize(f: () => tf.Scalar, returnCost: true): tf.Scalar | null;
  /** One step with gradients computed elsewhere, by variable name. */
  applyGradients(grads: Record<string, tf.Tensor>): void;
  dispose(): void;
}

interface Slots {
  m: tf.Tensor;
  v: tf.Tensor;
}

/**
 * Adam whose update runs as one native pass per variable on the wasm heap (instead of about a
 * dozen TF.js kernels per variable). Same formula as `tf.train.adam`; gradients come from
 * `tf.variableGrads` as usual.
 */
class NativeAdam implements MinimizingOptimizer, NativeStepOptimizer {
  private readonly slots = new Map<string, Slots>();
  private accBeta1: number;
  private accBeta2: number;

  constructor(private readonly addon: BlasAddon, private readonly lr: number, private readonly beta1 = 0.9, private readonly beta2 = 0.999, private readonly epsilon = tf.backend().epsilon()) {
    this.accBeta1 = Math.fround(beta1);
    this.accBeta2 = Math.fround(beta2);
  }

  minimize(f: () => tf.Scalar): tf.Scalar {
    const { value, grads } = tf.variableGrads(f);
    this.applyGradients(grads);
    tf.dispose(Object.values(grads));
    return value;
  }

  private slotsOf(name: string, variable: tf.Variable): Slots {
    let slot = this.slots.get(name);
    if (!slot) {
      // kept: minimize is often called inside tf.tidy, which would dispose new slots
      slot = { m: zeroSlot(variable), v: zeroSlot(variable) };
      this.slots.set(name, slot);
    }
    return slot;
  }

  nativeStepPlan(backend: WasmBackendLike, variables: tf.Variable[]): NativeStepPlan {
    const slots = variables.map((v): [number, number] => {
      const s = this.slotsOf(v.name, ownedVariable(backend, v.name, 'adam'));
      return [floatOffset(backend, s.m), floatOffset(backend, s.v)];
    });
    const head = [0, this.lr, this.beta1, this.beta2, this.epsilon, Math.fround(1 - this.accBeta1), Math.fround(1 - this.accBeta2)];
    this.advance();
    return { head, slots };
  }

  private advance(): void {
    // float32 products, as TF.js keeps β^t in float32 variables
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(this.beta1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(this.beta2));
  }

  applyGradients(grads: Record<string, tf.Tensor>): void {
    const backend = tf.backend() as unknown as WasmBackendLike;
    for (const [name, grad] of Object.entries(grads)) {
      const variable = ownedVariable(backend, name, 'adam');
      const slot = this.slotsOf(name, variable);
      this.addon.adam(backend.wasm.HEAPU8.buffer as ArrayBuffer, floatOffset(backend, variable), floatOffset(backend, grad), floatOffset(backend, slot.m), floatOffset(backend, slot.v), variable.size, this.lr, this.beta1, this.beta2, this.epsilon, Math.fround(1 - this.accBeta1), Math.fround(1 - this.accBeta2));
    }
    this.advance();
  }

  dispose(): void {
    for (const s of this.slots.values()) tf.dispose([s.m, s.v]);
    this.slots.clear();
  }
}

/**
 * An Adam optimizer for the training loops: the native one-pass update on the wasm backend when
 * the OpenBLAS addon is built, else `tf.train.adam`.
 * @param learningRate - step size.
 * @returns an object with `minimize(f, true)`, `applyGradients(grads)` and `dispose()`.
 * @example
 * const opt = adam(1e-3); const loss = opt.minimize(() => lossOf(model), true);
 */
export function adam(learningRate: number): MinimizingOptimizer {
  const { addon } = loadBlasAddon();
  if (addon && tf.getBackend() === 'wasm') return new NativeAdam(addon, learningRate);
  return tf.train.adam(learningRate) as unknown as MinimizingOptimizer;
}
