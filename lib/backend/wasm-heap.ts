import type * as tf from '@tensorflow/tfjs';

/** The parts of TF.js's wasm backend that feedbacklab's kernels and optimizer use. */
export interface WasmBackendLike {
  wasm: { HEAPU8: Uint8Array };
  getMemoryOffset(dataId: object): number;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  refCount(dataId: object): number;
  dataIdMap: { has(dataId: object): boolean };
}

/** Float offset of a tensor in the wasm heap. */
export function floatOffset(backend: WasmBackendLike, t: tf.TensorInfo): number {
  return backend.getMemoryOffset(t.dataId) / 4;
}
