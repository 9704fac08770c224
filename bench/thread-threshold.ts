// Measures where a second OpenBLAS thread starts to pay for a matrix product on this machine:
// each shape's product on 1 and on 2 threads, interleaved, medians. The smallest size (M·N·K
// multiply-adds) from which every larger shape is faster on 2 threads is the threshold that
// lib/backend/native/gemm.c uses. Run: node dist/bench/thread-threshold.js
import * as tf from '@tensorflow/tfjs';
import { loadBlasAddon } from '../lib/backend/native/load-addon';
import { selectBackend } from '../lib/backend/select-backend';

// [M, N, K]: the products of the bench models' steps (forward, weight and input gradients), and squares.
const SHAPES: [number, number, number][] = [
  [512, 128, 64], [64, 128, 512], [512, 128, 128], [128, 128, 512], [512, 1, 128],
  [128, 400, 784], [784, 400, 128], [128, 400, 400], [400, 400, 128], [128, 10, 400],
  [512, 2048, 784], [512, 2048, 2048], [2048, 2048, 512], [784, 2048, 512],
  [64, 64, 64], [128, 128, 128], [256, 256, 256], [512, 512, 512],
];

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  await selectBackend({ backend: 'wasm' });
  const { addon, reason } = loadBlasAddon();
  if (!addon) throw new Error(reason);
  const [max, minWork] = addon.threads(0, -1);
  const rows: { work: number; shape: string; one: number; two: number }[] = [];
  for (const [m, n, k] of SHAPES) {
    const a = tf.randomUniform([m, k], -1, 1, 'float32', 1);
    const b = tf.randomUniform([k, n], -1, 1, 'float32', 2);
    const reps = Math.max(3, Math.min(200, Math.round(2e8 / (m * n * k))));
    const times: Record<number, number[]> = { 1: [], 2: [] };
    for (let round = 0; round < 7; round++) {
      for (const t of [1, 2]) {
        addon.threads(t, 0);
        tf.matMul(a, b).dispose();
        const start = performance.now();
        for (let r = 0; r < reps; r++) tf.matMul(a, b).dispose();
        times[t].push((performance.now() - start) / reps);
      }
    }
    tf.dispose([a, b]);
    rows.push({ work: m * n * k, shape: `${m}×${k}·${k}×${n}`, one: median(times[1]), two: median(times[2]) });
  }
  addon.threads(max, minWork);
  rows.sort((x, y) => x.work - y.work);
  for (const r of rows) console.log(`${r.shape.padEnd(22)} ${(r.work / 1e6).toFixed(1).padStart(7)}M  1 thread ${r.one.toFixed(3)} ms  2 threads ${r.two.toFixed(3)} ms  ×${(r.one / r.two).toFixed(2)}`);
  let threshold = Infinity;
  for (let i = rows.length - 1; i >= 0 && rows[i].two < rows[i].one; i--) threshold = rows[i].work;
  console.log(`\nsmallest size from which 2 threads always win: ${threshold === Infinity ? 'none' : `${(threshold / 1e6).toFixed(1)}M multiply-adds`} (the machine is shared: rerun when quiet)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
