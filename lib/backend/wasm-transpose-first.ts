import * as tf from '@tensorflow/tfjs';

const PATCHED = Symbol.for('feedbacklab.wasmTransposeFirst');

type KernelArgs = { inputs: Record<string, tf.TensorInfo>; backend: { disposeData(id: object): void }; attrs: Record<string, unknown> };
type KernelFn = (args: KernelArgs) => tf.TensorInfo;

/**
 * Re-registers the wasm backend's BatchMatMul so that a product with `transposeA` or
 * `transposeB` transposes its operand first and then runs the plain product. TF.js 4.22's wasm
 * kernel is 13–14× slower on transposed operands, and every backward pass of a dense layer uses
 * them; the explicit transpose makes MLP training several times faster with the same results.
 * Safe to call more than once.
 * @returns true when the wasm kernel is (now) patched, false when wasm is not registered.
 */
export function installWasmTransposeFirst(): boolean {
  const original = tf.getKernel('BatchMatMul', 'wasm') as (tf.KernelConfig & { [PATCHED]?: true }) | undefined;
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!original || !transpose) return false;
  if (original[PATCHED]) return true;
  const matMul = original.kernelFunc as unknown as KernelFn;
  const transposeFn = transpose.kernelFunc as unknown as KernelFn;
  const swapLastTwo = (t: tf.TensorInfo, args: KernelArgs) => {
    const rank = t.shape.length;
    const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
    return transposeFn({ inputs: { x: t }, backend: args.backend, attrs: { perm } });
  };
  const kernelFunc: KernelFn = (args) => {
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return matMul(args);
    const a = transposeA ? swapLastTwo(args.inputs.a, args) : args.inputs.a;
    const b = transposeB ? swapLastTwo(args.inputs.b, args) : args.inputs.b;
    try {
      return matMul({ ...args, inputs: { a, b }, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    } finally {
      if (transposeA) args.backend.disposeData(a.dataId);
      if (transposeB) args.backend.disposeData(b.dataId);
    }
  };
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc, [PATCHED]: true } as tf.KernelConfig);
  return true;
}
