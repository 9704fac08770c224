import type { ContinualContext, ExampleRef } from './strategy-plugin';

/**
 * The view-batch schedule of "Do your best and get enough rest for continual learning" (CVPR
 * 2025): each step trains B/V distinct examples, each as V views (the original and V − 1 random
 * shifts of up to `maxShift` pixels), so a step still has B inputs while every example is
 * revisited V times less often: the recall interval grows V-fold.
 * @param ctx - the step's context (its task, batch size and seeded generator).
 * @param views - V, views per example (1: the plain batch).
 * @param maxShift - largest shift of a view, in pixels.
 * @returns B refs: ⌈B/V⌉ examples of the current task, each repeated as its views.
 * @example
 * viewBatchRefs(ctx, 4, 2) // 64 examples × 4 views for a batch of 256
 */
export function viewBatchRefs(ctx: ContinualContext, views: number, maxShift: number): ExampleRef[] {
  const distinct = ctx.sample([ctx.task], Math.ceil(ctx.batchSize / views));
  const out: ExampleRef[] = [];
  for (const ref of distinct) {
    for (let v = 0; v < views && out.length < ctx.batchSize; v++) {
      const r = () => Math.floor(ctx.rand() * (2 * maxShift + 1)) - maxShift;
      out.push(v === 0 ? ref : { ...ref, shift: [r(), r()] });
    }
  }
  return out;
}

/**
 * Copies a square image shifted by [dx, dy] pixels into `dst` (zeros shifted in).
 * @example
 * shiftImage(src, 28, [1, -2], dst)
 */
export function shiftImage(src: Float32Array, size: number, [dx, dy]: readonly [number, number], dst: Float32Array): void {
  dst.fill(0);
  for (let y = 0; y < size; y++) {
    const sy = y - dy;
    if (sy < 0 || sy >= size) continue;
    for (let x = 0; x < size; x++) {
      const sx = x - dx;
      if (sx >= 0 && sx < size) dst[y * size + x] = src[sy * size + sx];
    }
  }
}
