import * as tf from '@tensorflow/tfjs';
import type { MinimizingOptimizer } from '../../../lib/train/fused-adam';
import { rng, normal } from '../../../lib/util/random';

/**
 * The weights after each of `steps` optimizer steps on a small seeded least-squares problem
 * (a kernel, a bias and a variable that another tensor shares memory with), alternating
 * `minimize` and `applyGradients` so that both entry points are exercised.
 */
export function weightsAfterSteps(make: () => MinimizingOptimizer, steps: number): Float32Array[][] {
  const r = rng(11);
  const values = (n: number) => Float32Array.from({ length: n }, () => normal(r));
  const x = tf.tensor2d(values(16 * 37), [16, 37]);
  const t = tf.tensor2d(values(16 * 13), [16, 13]);
  const w = tf.variable(tf.tensor2d(values(37 * 13), [37, 13]));
  const b = tf.variable(tf.tensor1d(values(13)));
  const shared = tf.variable(tf.tensor1d(values(13)));
  const alias = shared.clone(); // must not change when the optimizer writes `shared`
  const before = alias.dataSync().slice();
  const loss = () => tf.mean(tf.square(tf.sub(tf.add(tf.add(tf.matMul(x, w), b), shared), t))) as tf.Scalar;
  const opt = make();
  const out: Float32Array[][] = [];
  for (let s = 0; s < steps; s++) {
    if (s % 2 === 0) {
      tf.tidy(() => opt.minimize(loss, true));
    } else {
      const { value, grads } = tf.variableGrads(loss);
      opt.applyGradients(grads);
      tf.dispose([value, ...Object.values(grads)]);
    }
    out.push([w, b, shared].map((v) => v.dataSync().slice() as Float32Array));
  }
  const aliasKept = alias.dataSync().every((v, i) => v === before[i]);
  opt.dispose();
  tf.dispose([x, t, w, b, shared, alias]);
  if (!aliasKept) throw new Error('the optimizer wrote through a tensor that shares memory with a variable');
  return out;
}

/** The largest absolute difference between two runs of {@link weightsAfterSteps}. */
export function maxDifference(a: Float32Array[][], b: Float32Array[][]): number {
  let worst = 0;
  a.forEach((step, s) => step.forEach((v, k) => v.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - b[s][k][i]))))));
  return worst;
}
