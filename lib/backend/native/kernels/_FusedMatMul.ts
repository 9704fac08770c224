import type * as tf from '@tensorflow/tfjs';
import type { BlasAddon } from '../load-addon';
import { floatOffset, type WasmBackendLike } from '../../wasm-heap';
import { productShape } from './BatchMatMul';

type Args = { inputs: Record<string, tf.TensorInfo>; backend: WasmBackendLike; attrs: Record<string, unknown> };
type KernelFn = (args: Args) => tf.TensorInfo;

/**
 * _FusedMatMul (dense layers: product, bias, activation) through OpenBLAS with bias and ReLU
 * applied in the same pass. Other activations and PReLU weights go to the original kernel.
 */
export function nativeFusedMatMul(addon: BlasAddon, original: KernelFn): KernelFn {
  return (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs;
    const activation = (args.attrs.activation as string | undefined) ?? 'linear';
    const ta = args.attrs.transposeA === true, tb = args.attrs.transposeB === true;
    const s = productShape(a, b, ta, tb);
    if (!s || s.m * s.n * s.k === 0 || preluActivationWeights || (activation !== 'linear' && activation !== 'relu')) return original(args);
    if (bias && (bias.dtype !== 'float32' || bias.shape.reduce((x, y) => x * y, 1) !== s.n || bias.shape[bias.shape.length - 1] !== s.n)) return original(args);
    const out = args.backend.makeOutput(s.outShape, 'float32');
    addon.matmul(args.backend.wasm.HEAPU8.buffer as ArrayBuffer, floatOffset(args.backend, a), floatOffset(args.backend, b), floatOffset(args.backend, out), s.batchA, s.batchB, s.m, s.n, s.k, ta, tb, bias ? floatOffset(args.backend, bias) : -1, activation === 'relu' ? 1 : 0);
    return out;
  };
}
