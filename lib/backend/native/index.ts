import * as tf from '@tensorflow/tfjs';
import { loadBlasAddon } from './load-addon';
import { nativeBatchMatMul } from './kernels/BatchMatMul';
import { nativeFusedMatMul } from './kernels/_FusedMatMul';
import { nativeSum } from './kernels/Sum';

const PATCHED = Symbol.for('feedbacklab.nativeBlas');
const KERNELS = [
  { name: 'BatchMatMul', make: nativeBatchMatMul },
  { name: '_FusedMatMul', make: nativeFusedMatMul },
  { name: 'Sum', make: nativeSum },
] as const;

/**
 * Replaces the wasm backend's matrix-product kernels (BatchMatMul, _FusedMatMul) by OpenBLAS
 * sgemm on the same heap (two threads or more only for products big enough to gain from them),
 * and its Sum over the rows of a matrix (bias gradients) by
 * one native pass. The products are where MLP training spends its time.
 * Safe to call more than once.
 * @returns null when installed, else why not (addon not built, wasm not registered).
 * @example
 * installNativeBlasKernels() // null when the addon is built
 */
export function installNativeBlasKernels(): string | null {
  const { addon, reason } = loadBlasAddon();
  if (!addon) return reason ?? 'the OpenBLAS addon is not available';
  for (const k of KERNELS) {
    const original = tf.getKernel(k.name, 'wasm') as (tf.KernelConfig & { [PATCHED]?: true }) | undefined;
    if (!original) return `the wasm backend has no ${k.name} kernel registered`;
    if (original[PATCHED]) continue;
    tf.unregisterKernel(k.name, 'wasm');
    tf.registerKernel({ ...original, kernelFunc: k.make(addon, original.kernelFunc as never) as unknown as tf.KernelFunc, [PATCHED]: true } as tf.KernelConfig);
  }
  return null;
}
