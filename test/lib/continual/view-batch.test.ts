import { describe, expect, it } from 'vitest';
import { shiftImage, viewBatchRefs } from '../../../lib/continual/view-batch';
import type { ContinualContext } from '../../../lib/continual/strategy-plugin';
import { rng } from '../../../lib/util/random';

describe('viewBatchRefs', () => {
  it('fills the batch with B/V examples, each as V views of which only the first is unshifted', () => {
    const rand = rng(3);
    const ctx = { task: 2, batchSize: 12, rand, sample: (tasks: readonly number[], k: number) => Array.from({ length: k }, (_, i) => ({ task: tasks[0], index: i * 7 })) } as unknown as ContinualContext;
    const refs = viewBatchRefs(ctx, 4, 2);
    expect(refs).toHaveLength(12);
    expect(refs.map((r) => r.index)).toEqual([0, 0, 0, 0, 7, 7, 7, 7, 14, 14, 14, 14]);
    expect(refs.filter((_, i) => i % 4 === 0).every((r) => r.shift === undefined)).toBe(true);
    expect(refs.filter((_, i) => i % 4 !== 0).every((r) => r.shift!.every((d) => Math.abs(d) <= 2))).toBe(true);
  });
});

describe('shiftImage', () => {
  it('moves pixels by [dx, dy] and shifts zeros in', () => {
    const src = Float32Array.from({ length: 9 }, (_, i) => i + 1); // 3×3: 1 2 3 / 4 5 6 / 7 8 9
    const dst = new Float32Array(9);
    shiftImage(src, 3, [1, -1], dst);
    expect(Array.from(dst)).toEqual([0, 4, 5, 0, 7, 8, 0, 0, 0]);
  });
});
