import type * as tf from '@tensorflow/tfjs';
import type { BlasAddon } from '../load-addon';
import { floatOffset, type WasmBackendLike } from '../../wasm-heap';

type Args = { inputs: Record<string, tf.TensorInfo>; backend: WasmBackendLike; attrs: Record<string, unknown> };
type KernelFn = (args: Args) => tf.TensorInfo;

/**
 * Sum over the rows of a matrix (axis 0: every dense layer's bias gradient) in one native pass.
 * The wasm kernel transposes the matrix first to sum along its last axis; other sums go to it.
 */
export function nativeSum(addon: BlasAddon, original: KernelFn): KernelFn {
  return (args) => {
    const { x } = args.inputs;
    const axis = args.attrs.axis as number | number[] | null | undefined;
    if (axis === null || axis === undefined) return original(args);
    const axes = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + x.shape.length : a));
    if (x.dtype !== 'float32' || x.shape.length !== 2 || axes.length !== 1 || axes[0] !== 0) return original(args);
    const [rows, cols] = x.shape;
    const out = args.backend.makeOutput(args.attrs.keepDims === true ? [1, cols] : [cols], 'float32');
    if (cols > 0) addon.sumRows(args.backend.wasm.HEAPU8.buffer as ArrayBuffer, floatOffset(args.backend, x), floatOffset(args.backend, out), rows, cols);
    return out;
  };
}
