import * as tf from '@tensorflow/tfjs';
import { loadBlasAddon, type BlasAddon } from '../backend/native/load-addon';
import { floatOffset, type WasmBackendLike } from '../backend/wasm-heap';
import { ConfigError } from '../errors';
import type { MinimizingOptimizer } from './fused-adam';
import type { NativeStepOptimizer, NativeStepPlan } from './native-optimizer';
import { ownedVariable, zeroSlot } from './native-variable';

/** Options for {@link sgd}. */
export interface SgdOptions {
  /** Step size. */
  learningRate: number;
  /** Momentum (heavy ball, no Nesterov); 0 is plain SGD. Default: 0. */
  momentum?: number;
}

/**
 * SGD with momentum whose update runs as one native pass per variable on the wasm heap (instead
 * of four TF.js kernels and two assigns per variable). Same formula and float32 rounding as
 * `tf.train.momentum(lr, momentum)`: acc = momentum·acc + g; var = (−lr)·acc + var.
 */
class NativeSgd implements MinimizingOptimizer, NativeStepOptimizer {
  private readonly accumulations = new Map<string, tf.Tensor>();

  constructor(private readonly addon: BlasAddon, private readonly lr: number, private readonly momentum: number) {}

  minimize(f: () => tf.Scalar): tf.Scalar {
    const { value, grads } = tf.variableGrads(f);
    this.applyGradients(grads);
    tf.dispose(Object.values(grads));
    return value;
  }

  private accumulationOf(name: string, variable: tf.Variable): tf.Tensor {
    let acc = this.accumulations.get(name);
    if (!acc) {
      acc = zeroSlot(variable);
      this.accumulations.set(name, acc);
    }
    return acc;
  }

  nativeStepPlan(backend: WasmBackendLike, variables: tf.Variable[]): NativeStepPlan {
    const slots = variables.map((v): [number, number] => [floatOffset(backend, this.accumulationOf(v.name, ownedVariable(backend, v.name, 'sgd'))), -1]);
    return { head: [1, this.lr, this.momentum, 0, 0, 0, 0], slots };
  }

  applyGradients(grads: Record<string, tf.Tensor>): void {
    const backend = tf.backend() as unknown as WasmBackendLike;
    for (const [name, grad] of Object.entries(grads)) {
      const variable = ownedVariable(backend, name, 'sgd');
      const acc = this.accumulationOf(name, variable);
      this.addon.momentum(backend.wasm.HEAPU8.buffer as ArrayBuffer, floatOffset(backend, variable), floatOffset(backend, grad), floatOffset(backend, acc), variable.size, this.lr, this.momentum);
    }
  }

  dispose(): void {
    tf.dispose([...this.accumulations.values()]);
    this.accumulations.clear();
  }
}

/**
 * An SGD optimizer with momentum for the training loops: a native one-pass update on the wasm
 * backend when the OpenBLAS addon is built, else `tf.train.momentum` (same formula, so the same
 * weights either way).
 * @param options - learning rate and momentum (default 0: plain SGD).
 * @returns an object with `minimize(f, true)`, `applyGradients(grads)` and `dispose()`.
 * @throws ConfigError when the learning rate is not a positive number or the momentum is not in [0, 1).
 * @example
 * const opt = sgd({ learningRate: 0.01, momentum: 0.9 }); const loss = opt.minimize(() => lossOf(model), true);
 */
export function sgd(options: SgdOptions): MinimizingOptimizer {
  const lr = options.learningRate;
  const momentum = options.momentum ?? 0;
  if (!(Number.isFinite(lr) && lr > 0)) throw new ConfigError(`sgd: learningRate is ${lr}: expected a positive number, e.g. 0.01.`);
  if (!(momentum >= 0 && momentum < 1)) throw new ConfigError(`sgd: momentum is ${momentum}: expected a number in [0, 1), e.g. 0.9.`);
  const { addon } = loadBlasAddon();
  if (addon && tf.getBackend() === 'wasm') return new NativeSgd(addon, lr, momentum);
  return tf.train.momentum(lr, momentum) as unknown as MinimizingOptimizer;
}
