import * as tf from '@tensorflow/tfjs';
import type { BlasAddon } from '../load-addon';
import { floatOffset, type WasmBackendLike } from '../../wasm-heap';

type Args = { inputs: Record<string, tf.TensorInfo>; backend: WasmBackendLike; attrs: Record<string, unknown> };
type KernelFn = (args: Args) => tf.TensorInfo;

/** Batch sizes and matrix sizes of a product, or undefined when it is not a plain (broadcast-1) batch. */
export function productShape(a: tf.TensorInfo, b: tf.TensorInfo, ta: boolean, tb: boolean) {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return undefined;
  const ra = a.shape.length, rb = b.shape.length;
  const m = ta ? a.shape[ra - 1] : a.shape[ra - 2];
  const k = ta ? a.shape[ra - 2] : a.shape[ra - 1];
  const kb = tb ? b.shape[rb - 1] : b.shape[rb - 2];
  const n = tb ? b.shape[rb - 2] : b.shape[rb - 1];
  if (k !== kb) return undefined; // let the original kernel report the mismatch
  const outerA = a.shape.slice(0, -2), outerB = b.shape.slice(0, -2);
  const batchA = outerA.reduce((x, y) => x * y, 1), batchB = outerB.reduce((x, y) => x * y, 1);
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return undefined;
  const outer = batchA >= batchB ? outerA : outerB;
  if (batchA !== 1 && batchB !== 1 && outerA.join() !== outerB.join()) return undefined;
  return { m, n, k, batchA, batchB, outShape: [...outer, m, n] };
}

/** BatchMatMul on the wasm heap through OpenBLAS sgemm; anything unusual goes to the original kernel. */
export function nativeBatchMatMul(addon: BlasAddon, original: KernelFn): KernelFn {
  return (args) => {
    const { a, b } = args.inputs;
    const ta = args.attrs.transposeA === true, tb = args.attrs.transposeB === true;
    const s = productShape(a, b, ta, tb);
    if (!s || s.m * s.n * s.k === 0) return original(args);
    const out = args.backend.makeOutput(s.outShape, 'float32');
    // Read the heap after allocating: malloc may have grown (and replaced) it.
    addon.matmul(args.backend.wasm.HEAPU8.buffer as ArrayBuffer, floatOffset(args.backend, a), floatOffset(args.backend, b), floatOffset(args.backend, out), s.batchA, s.batchB, s.m, s.n, s.k, ta, tb, -1, 0);
    return out;
  };
}
