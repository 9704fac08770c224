import type { MimeBundle } from './mime-bundle';

interface TensorLike {
  shape: number[];
  dtype: string;
  isDisposed: boolean;
  toString(verbose?: boolean): string;
}

/** True for a TF.js tensor (duck-typed, so this module does not load TF.js). */
export function isTensor(value: unknown): value is TensorLike {
  const v = value as TensorLike;
  return typeof value === 'object' && value !== null && Array.isArray(v.shape) && typeof v.dtype === 'string' && typeof (value as { dataSync?: unknown }).dataSync === 'function';
}

/** Text for a tensor: its shape, dtype and (summarised) values; never throws on a disposed one. */
export function tensorBundle(t: TensorLike): MimeBundle {
  const head = `Tensor shape=[${t.shape.join(', ')}] dtype=${t.dtype}`;
  if (t.isDisposed) return { 'text/plain': `${head} (disposed)` };
  const body = t.toString().replace(/^Tensor\n?/, '');
  return { 'text/plain': `${head}\n${body}` };
}
