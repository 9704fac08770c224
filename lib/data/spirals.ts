import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../errors';
import { normal, rng } from '../util/random';

/** Options for {@link spirals}. */
export interface SpiralsOptions {
  /** Points per class. Default: 200. */
  perClass?: number;
  /** Number of classes (arms). Default: 3. */
  classes?: number;
  /** Standard deviation of the angular noise. Default: 0.2. */
  noise?: number;
  /** Seed. Default: 0. */
  seed?: number;
}

/**
 * Interleaved spirals, a small 2-D classification problem that a linear model cannot solve.
 * @param options - sizes, noise and seed; see {@link SpiralsOptions}.
 * @returns `x` [n, 2], `y` [n] (int32 class ids) and `rows` (x0, x1, label) for plotting.
 * @example
 * const { x, y, rows } = spirals({ perClass: 100, classes: 3, seed: 7 });
 */
export function spirals(options: SpiralsOptions = {}): { x: tf.Tensor2D; y: tf.Tensor1D; rows: { x0: number; x1: number; label: string }[] } {
  const perClass = options.perClass ?? 200;
  const classes = options.classes ?? 3;
  if (!Number.isInteger(perClass) || perClass < 1 || !Number.isInteger(classes) || classes < 2) {
    throw new ConfigError(`spirals: perClass ${perClass} and classes ${classes}: expected integers ≥ 1 and ≥ 2.`);
  }
  const rand = rng(options.seed ?? 0);
  const noise = options.noise ?? 0.2;
  const xs: number[] = [];
  const ys: number[] = [];
  const rows: { x0: number; x1: number; label: string }[] = [];
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < perClass; i++) {
      const r = i / perClass;
      const t = (c * 2 * Math.PI) / classes + r * 4 + normal(rand) * noise;
      const p = [r * Math.sin(t), r * Math.cos(t)];
      xs.push(p[0], p[1]);
      ys.push(c);
      rows.push({ x0: p[0], x1: p[1], label: `class ${c}` });
    }
  }
  return { x: tf.tensor2d(xs, [ys.length, 2]), y: tf.tensor1d(ys, 'int32'), rows };
}
