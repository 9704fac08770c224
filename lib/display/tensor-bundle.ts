import { inspect } from 'node:util';
import type { MimeBundle } from './mime-bundle';

interface TensorLike {
  shape: number[];
  dtype: string;
  isDisposed: boolean;
}

/** True for a TF.js tensor (duck-typed, so this module does not load TF.js). */
export function isTensor(value: unknown): value is TensorLike & { array(): Promise<unknown> } {
  const v = value as TensorLike;
  return typeof value === 'object' && value !== null && Array.isArray(v.shape) && typeof v.dtype === 'string' && typeof (value as { dataSync?: unknown }).dataSync === 'function';
}

/**
 * Text for a tensor: its shape, dtype and (summarised) values; never throws on a disposed one.
 * Reads values asynchronously, as the WebGPU backend cannot read synchronously in Node.
 */
export async function tensorBundle(t: TensorLike & { array(): Promise<unknown> }): Promise<MimeBundle> {
  const head = `Tensor shape=[${t.shape.join(', ')}] dtype=${t.dtype}`;
  if (t.isDisposed) return { 'text/plain': `${head} (disposed)` };
  const values = await t.array();
  return { 'text/plain': `${head}\n${inspect(values, { maxArrayLength: 12, depth: 6, breakLength: 100 })}` };
}
