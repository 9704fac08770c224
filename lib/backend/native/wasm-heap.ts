import type * as tf from '@tensorflow/tfjs';

/** The parts of TF.js's wasm backend that native kernels use. */
export interface WasmBackendLike {
  wasm: { HEAPU8: Uint8Array };
  getMemoryOffset(dataId: object): number;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/** Float offset of a tensor in the wasm heap. */
export function floatOffset(backend: WasmBackendLike, t: tf.TensorInfo): number {
  return backend.getMemoryOffset(t.dataId) / 4;
}
