import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { installWasmTransposeFirst } from '../../../lib/backend/wasm-transpose-first';
import { PRODUCT_CASES, randomTensor, valuesOn } from './kernel-check';

function productOn(backend: string, shapeA: number[], shapeB: number[], ta: boolean, tb: boolean): Promise<Float32Array> {
  return valuesOn(backend, () => tf.tidy(() => tf.matMul(randomTensor(shapeA, 1), randomTensor(shapeB, 2), ta, tb)));
}

describe('installWasmTransposeFirst', () => {
  it('gives the cpu backend results for every transpose combination, batched too', async () => {
    await tf.setBackend('wasm');
    expect(installWasmTransposeFirst()).toBe(true);
    expect(installWasmTransposeFirst()).toBe(true); // idempotent
    for (const [sa, sb, ta, tb] of PRODUCT_CASES) {
      const want = await productOn('cpu', sa, sb, ta, tb);
      const got = await productOn('wasm', sa, sb, ta, tb);
      expect(got.length).toBe(want.length);
      for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-5);
    }
  });

  it('leaves no tensors behind', async () => {
    await tf.setBackend('wasm');
    installWasmTransposeFirst();
    const a = randomTensor([6, 4], 3);
    const b = randomTensor([6, 2], 4);
    const before = tf.memory().numBytes;
    const out = tf.matMul(a, b, true, false);
    await out.data();
    out.dispose();
    expect(tf.memory().numBytes).toBe(before);
    tf.dispose([a, b]);
  });
});

describe('installWasmGatherRows', () => {
  it('gathers rows like the cpu backend, other axes through the original kernel, and names a bad index', async () => {
    const { installWasmGatherRows } = await import('../../../lib/backend/wasm-gather-rows');
    await tf.setBackend('wasm');
    expect(installWasmGatherRows()).toBe(true);
    const run = async (backend: string, f: () => tf.Tensor) => {
      await tf.setBackend(backend);
      const t = f();
      const d = Array.from(await t.data());
      const shape = t.shape;
      t.dispose();
      return { d, shape };
    };
    const cases = [
      () => tf.gather(randomTensor([6, 4], 1), tf.tensor1d([5, 0, 2, 2], 'int32')),
      () => tf.gather(randomTensor([5, 2, 3], 2), tf.tensor2d([[1, 4], [0, 0]], [2, 2], 'int32')),
      () => tf.gather(randomTensor([3, 5], 3), tf.tensor1d([4, 1], 'int32'), 1),
      () => tf.gather(tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'), tf.tensor1d([1, 1, 0], 'int32')),
    ];
    for (const f of cases) expect(await run('wasm', f)).toEqual(await run('cpu', f));
    await tf.setBackend('wasm');
    expect(() => tf.gather(tf.zeros([3, 2]), tf.tensor1d([3], 'int32'))).toThrow(/index value 3 is not in \[0, 2\]/);
  });
});
