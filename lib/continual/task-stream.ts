import { ConfigError } from '../errors';
import type { ImageDataset } from '../data/idx';
import { permutation, rng } from '../util/random';

/** Examples of one task: pixels scaled to [0, 1] and labels. */
export interface TaskData {
  /** Row-major [count][features]. */
  x: Float32Array;
  y: Int32Array;
  count: number;
}

/** One task of a continual-learning stream. */
export interface Task {
  name: string;
  /** The classes this task's examples belong to (the output units a task-incremental head may use). */
  classes: number[];
  train: TaskData;
  test: TaskData;
}

/** A sequence of tasks over inputs of `features` values and `classes` output units. */
export interface TaskStream {
  tasks: Task[];
  features: number;
  classes: number;
  /** "class-incremental", "permuted" or "rotated". */
  kind: string;
}

function select(d: ImageDataset, keep: (label: number) => boolean, limit: number | undefined, seed: number, transform?: (src: Uint8Array, dst: Float32Array) => void): TaskData {
  const px = d.height * d.width;
  let idx: number[] = [];
  for (let i = 0; i < d.count; i++) if (keep(d.labels[i])) idx.push(i);
  if (limit !== undefined && idx.length > limit) {
    const order = permutation(idx.length, rng(seed));
    idx = Array.from(order.subarray(0, limit)).sort((a, b) => a - b).map((k) => idx[k]);
  }
  const x = new Float32Array(idx.length * px);
  const y = new Int32Array(idx.length);
  const tmp = new Float32Array(px);
  idx.forEach((i, k) => {
    const src = d.images.subarray(i * px, (i + 1) * px);
    if (transform) {
      transform(src, tmp);
      x.set(tmp, k * px);
    } else {
      for (let p = 0; p < px; p++) x[k * px + p] = src[p] / 255;
    }
    y[k] = d.labels[i];
  });
  return { x, y, count: idx.length };
}

/** Options shared by the stream builders. */
export interface StreamOptions {
  /** Training examples kept per task (a seeded sample). Default: all. */
  trainPerTask?: number;
  /** Test examples kept per task. Default: 1000, as the authors evaluate on 1000 per task. */
  testPerTask?: number;
  /** Seed of the sampling (and of class order, permutations). Default: 0. */
  seed?: number;
}

/**
 * Splits a labelled image set into class-incremental tasks, e.g. 5 tasks of 2 classes (Split
 * Fashion-MNIST). Use the stream with scenario "class" (one shared head) or "task" (each task
 * predicts among its own classes).
 * @param classesPerTask - classes per task. Default: 2.
 * @param order - the class order. Default: 0, 1, …, 9.
 * @throws ConfigError when the classes do not divide into tasks.
 * @example
 * const stream = splitByClass(loadFashionMnist('train'), loadFashionMnist('test'), { classesPerTask: 2 });
 */
export function splitByClass(train: ImageDataset, test: ImageDataset, options: StreamOptions & { classesPerTask?: number; order?: number[] } = {}): TaskStream {
  const order = options.order ?? Array.from({ length: 10 }, (_, i) => i);
  const per = options.classesPerTask ?? 2;
  if (!Number.isInteger(per) || per < 1 || order.length % per !== 0) throw new ConfigError(`splitByClass: ${order.length} classes do not split into tasks of ${per}: expected a divisor of ${order.length}.`);
  const tasks: Task[] = [];
  for (let t = 0; t < order.length / per; t++) {
    const classes = order.slice(t * per, (t + 1) * per);
    const keep = (label: number) => classes.includes(label);
    tasks.push({
      name: `task ${t + 1} (${classes.join(', ')})`,
      classes,
      train: select(train, keep, options.trainPerTask, (options.seed ?? 0) * 31 + t),
      test: select(test, keep, options.testPerTask ?? 1000, (options.seed ?? 0) * 37 + t),
    });
  }
  return { tasks, features: train.height * train.width, classes: Math.max(...order) + 1, kind: 'class-incremental' };
}

/**
 * Domain-incremental tasks by fixed pixel permutations (Permuted MNIST): task 1 keeps the images
 * as they are, each later task shuffles pixels with its own seeded permutation. All tasks share
 * the ten classes.
 * @param tasks - number of tasks. Default: 5.
 * @example
 * const stream = permutedTasks(loadFashionMnist('train'), loadFashionMnist('test'), { tasks: 5 });
 */
export function permutedTasks(train: ImageDataset, test: ImageDataset, options: StreamOptions & { tasks?: number } = {}): TaskStream {
  const px = train.height * train.width;
  const n = options.tasks ?? 5;
  const out: Task[] = [];
  for (let t = 0; t < n; t++) {
    const perm = t === 0 ? Int32Array.from({ length: px }, (_, i) => i) : permutation(px, rng((options.seed ?? 0) * 1009 + t));
    const transform = (src: Uint8Array, dst: Float32Array) => {
      for (let p = 0; p < px; p++) dst[p] = src[perm[p]] / 255;
    };
    out.push({ name: `permutation ${t + 1}`, classes: [...Array(10).keys()], train: select(train, () => true, options.trainPerTask, (options.seed ?? 0) * 31 + t, transform), test: select(test, () => true, options.testPerTask ?? 1000, (options.seed ?? 0) * 37 + t, transform) });
  }
  return { tasks: out, features: px, classes: 10, kind: 'permuted' };
}

/**
 * Rotates a square image by `degrees` about its centre (bilinear, zeros outside).
 * @example
 * const out = new Float32Array(28 * 28); rotateImage(image, 28, 80, out);
 */
export function rotateImage(src: Uint8Array, size: number, degrees: number, dst: Float32Array): void {
  const a = (degrees * Math.PI) / 180;
  const [c, s] = [Math.cos(a), Math.sin(a)];
  const mid = (size - 1) / 2;
  for (let yy = 0; yy < size; yy++) {
    for (let xx = 0; xx < size; xx++) {
      const u = c * (xx - mid) + s * (yy - mid) + mid;
      const v = -s * (xx - mid) + c * (yy - mid) + mid;
      const x0 = Math.floor(u), y0 = Math.floor(v);
      let val = 0;
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
        const px = x0 + dx, py = y0 + dy;
        if (px < 0 || py < 0 || px >= size || py >= size) continue;
        val += (1 - Math.abs(u - px)) * (1 - Math.abs(v - py)) * src[py * size + px];
      }
      dst[yy * size + xx] = val / 255;
    }
  }
}

/**
 * Domain-incremental tasks by rotation (Rotated MNIST), e.g. 0°, 80°, 160° as in van de Ven's
 * demonstration of the stability gap.
 * @param angles - one rotation per task, in degrees. Default: [0, 80, 160].
 * @example
 * const stream = rotatedTasks(loadFashionMnist('train'), loadFashionMnist('test'), { angles: [0, 80, 160] });
 */
export function rotatedTasks(train: ImageDataset, test: ImageDataset, options: StreamOptions & { angles?: number[] } = {}): TaskStream {
  if (train.height !== train.width) throw new ConfigError(`rotatedTasks: images are ${train.height}×${train.width}: expected square images.`);
  const angles = options.angles ?? [0, 80, 160];
  const tasks = angles.map((deg, t) => {
    const transform = (src: Uint8Array, dst: Float32Array) => rotateImage(src, train.width, deg, dst);
    return { name: `rotated ${deg}°`, classes: [...Array(10).keys()], train: select(train, () => true, options.trainPerTask, (options.seed ?? 0) * 31 + t, transform), test: select(test, () => true, options.testPerTask ?? 1000, (options.seed ?? 0) * 37 + t, transform) };
  });
  return { tasks, features: train.height * train.width, classes: 10, kind: 'rotated' };
}
