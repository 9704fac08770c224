import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { rng } from '../../../lib/util/random';

/** A seeded tensor of uniform values in [−1, 1). */
export function randomTensor(shape: number[], seed: number): tf.Tensor {
  const r = rng(seed);
  return tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b) }, () => r() * 2 - 1), shape);
}

/** Runs `f` on `backend` and returns the values of its result. */
export async function valuesOn(backend: string, f: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  const out = f();
  const data = (await out.data()) as Float32Array;
  out.dispose();
  return data;
}

/** Asserts two results agree element by element within 1e-4. */
export function expectClose(got: Float32Array, want: Float32Array): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-4);
}

/** Matrix-product cases [shape a, shape b, transposeA, transposeB]: every transpose, batched too. */
export const PRODUCT_CASES: [number[], number[], boolean, boolean][] = [
  [[7, 5], [5, 3], false, false],
  [[5, 7], [5, 3], true, false],
  [[7, 5], [3, 5], false, true],
  [[5, 7], [3, 5], true, true],
  [[2, 5, 7], [2, 3, 5], true, true],
];
