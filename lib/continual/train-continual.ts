import * as tf from '@tensorflow/tfjs';
import * as aq from 'arquero';
import { ConfigError, NumericError } from '../errors';
import { mlp } from '../train/mlp';
import { rng, type Rng } from '../util/random';
import { ReservoirMemory } from './reservoir-memory';
import type { TaskStream } from './task-stream';

/** How the learner deals with earlier tasks. */
export type Strategy =
  /** Plain training on the current task. */
  | { kind: 'finetune' }
  /** Experience replay: a reservoir memory of past examples mixed into every step. */
  | { kind: 'replay'; /** Default: 2000. */ memorySize?: number; /** Loss weight of the new batch; the memory batch gets 1 − w. Default: 0.5. */ newDataWeight?: number }
  /** Incremental joint training: every step samples from all tasks seen so far (full replay). */
  | { kind: 'joint' }
  /** Online EWC (Kirkpatrick et al. 2017; Schwarz et al. 2018): a quadratic pull toward the last task's weights, weighted by the accumulated diagonal Fisher. */
  | { kind: 'ewc'; /** Default: 100. */ lambda?: number; /** Examples used to estimate the Fisher. Default: 500. */ fisherSamples?: number };

/** Options for {@link trainContinual}. */
export interface ContinualOptions {
  strategy: Strategy;
  /** "class": one head over all classes; "task": each task predicts among its own classes. Default: "class". */
  scenario?: 'class' | 'task';
  /** Hidden layers. Default: [400, 400], the authors' MLP. */
  hidden?: number[];
  /** Training steps per task. Default: 300. */
  iterationsPerTask?: number;
  /** New examples per step. Default: 128. */
  batchSize?: number;
  /** SGD learning rate. Default: 0.01. */
  learningRate?: number;
  /** SGD momentum. Default: 0.9. */
  momentum?: number;
  /** Evaluate every this many steps (and at every task's last step). Default: 10. */
  evalEvery?: number;
  /** Evaluate at every step during the first this many steps of each task after the first (where the gap is). Default: 30. */
  denseAfterSwitch?: number;
  /** Seed of weights, batches and memory. Default: 0. */
  seed?: number;
  /** Called after each evaluation with all rows so far (for a live chart). */
  onEvaluate?: (rows: aq.ColumnTable) => void | Promise<void>;
}

/** One continual-evaluation measurement. */
export interface EvalRow {
  /** Global training step (1-based). */
  iteration: number;
  /** The task being trained (1-based). */
  training_task: number;
  /** The task evaluated (1-based). */
  task: number;
  accuracy: number;
}

/** What {@link trainContinual} returns. */
export interface ContinualRun {
  /** Continual evaluation: iteration, training_task, task, accuracy, strategy. */
  evaluations: aq.ColumnTable;
  /** The last iteration of each task (t_i). */
  boundaries: number[];
  model: tf.Sequential;
  /** Wall-clock seconds of training and evaluation. */
  seconds: number;
}

interface Ref {
  task: number;
  index: number;
}

function strategyName(s: Strategy): string {
  return s.kind === 'finetune' ? 'fine-tuning' : s.kind === 'replay' ? 'replay' : s.kind === 'joint' ? 'joint (full replay)' : 'EWC';
}

/**
 * Trains an MLP on a stream of tasks, one after another, and evaluates it on every seen task
 * *during* training (continual evaluation), so the stability gap — the sharp drop of earlier
 * tasks' accuracy right after a task switch, and its partial recovery — becomes visible.
 * De Lange, van de Ven & Tuytelaars, "Continual evaluation for lifelong learning: identifying
 * the stability gap", ICLR 2023.
 * @param stream - from `splitByClass`, `permutedTasks` or `rotatedTasks`.
 * @param options - strategy, sizes and evaluation schedule; see {@link ContinualOptions}.
 * @returns the evaluations table, task boundaries and the trained model.
 * @throws ConfigError for bad sizes; NumericError when the loss diverges.
 * @example
 * const run = await trainContinual(stream, { strategy: { kind: 'replay', memorySize: 2000 }, iterationsPerTask: 300 });
 */
export async function trainContinual(stream: TaskStream, options: ContinualOptions): Promise<ContinualRun> {
  const start = Date.now();
  const iters = options.iterationsPerTask ?? 300;
  const batchSize = options.batchSize ?? 128;
  const evalEvery = options.evalEvery ?? 10;
  const dense = options.denseAfterSwitch ?? 30;
  for (const [name, v] of [['iterationsPerTask', iters], ['batchSize', batchSize], ['evalEvery', evalEvery]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(`trainContinual: ${name} is ${v}: expected a positive integer.`);
  }
  if (stream.tasks.length === 0) throw new ConfigError('trainContinual: the stream has no tasks.');
  const { features, classes } = stream;
  const scenario = options.scenario ?? 'class';
  const strategy = options.strategy;
  const seed = options.seed ?? 0;
  const rand: Rng = rng(seed);
  const model = mlp({ inputDim: features, hidden: options.hidden ?? [400, 400], outputDim: classes, seed });
  const optimizer = tf.train.momentum(options.learningRate ?? 0.01, options.momentum ?? 0.9);
  // Logit masks: 0 for a task's classes, −1e9 for the others in the task-incremental scenario.
  const maskData = stream.tasks.map((t) => Float32Array.from({ length: classes }, (_, c) => (scenario === 'task' && !t.classes.includes(c) ? -1e9 : 0)));
  const masks = maskData.map((m) => tf.tensor1d(m));
  const testX = stream.tasks.map((t) => tf.tensor2d(t.test.x, [t.test.count, features]));
  const testY = stream.tasks.map((t) => tf.tensor1d(t.test.y, 'int32'));
  const memory = strategy.kind === 'replay' ? new ReservoirMemory<Ref>(strategy.memorySize ?? 2000, rng(seed + 17)) : undefined;
  let fisher: tf.Tensor[] | undefined;
  let anchor: tf.Tensor[] | undefined;
  const rows: EvalRow[] = [];
  const boundaries: number[] = [];

  const gather = (refs: Ref[]): [tf.Tensor2D, tf.Tensor1D, tf.Tensor2D] => {
    const x = new Float32Array(refs.length * features);
    const y = new Int32Array(refs.length);
    const m = new Float32Array(refs.length * classes);
    refs.forEach((r, k) => {
      const d = stream.tasks[r.task].train;
      x.set(d.x.subarray(r.index * features, (r.index + 1) * features), k * features);
      y[k] = d.y[r.index];
      m.set(maskData[r.task], k * classes);
    });
    return [tf.tensor2d(x, [refs.length, features]), tf.tensor1d(y, 'int32'), tf.tensor2d(m, [refs.length, classes])];
  };
  const crossEntropy = (x: tf.Tensor2D, y: tf.Tensor1D, mask: tf.Tensor2D) => {
    const logits = tf.add(model.apply(x, { training: true }) as tf.Tensor2D, mask);
    return tf.losses.softmaxCrossEntropy(tf.oneHot(y, classes), logits) as tf.Scalar;
  };
  const sampleRefs = (tasks: number[], k: number): Ref[] =>
    Array.from({ length: k }, () => {
      const task = tasks[Math.floor(rand() * tasks.length)];
      return { task, index: Math.floor(rand() * stream.tasks[task].train.count) };
    });

  async function evaluate(iteration: number, current: number): Promise<void> {
    const accs = tf.tidy(() =>
      testX.slice(0, current + 1).map((x, j) => {
        const logits = tf.add(model.apply(x) as tf.Tensor2D, masks[j]);
        return tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), testY[j]), 'float32'));
      }),
    );
    const values = await Promise.all(accs.map((a) => a.data()));
    tf.dispose(accs);
    values.forEach((v, j) => rows.push({ iteration, training_task: current + 1, task: j + 1, accuracy: v[0] }));
    if (options.onEvaluate) await options.onEvaluate(aq.from(rows).derive({ strategy: aq.escape(() => strategyName(strategy)) }));
  }

  try {
    let iteration = 0;
    for (let k = 0; k < stream.tasks.length; k++) {
      const seen = [...Array(k + 1).keys()];
      for (let step = 1; step <= iters; step++) {
        iteration++;
        const newRefs = strategy.kind === 'joint' ? sampleRefs(seen, batchSize) : sampleRefs([k], batchSize);
        const memRefs = memory && memory.size > 0 && k > 0 ? memory.sample(batchSize) : [];
        const [xn, yn, mn] = gather(newRefs);
        const mem = memRefs.length > 0 ? gather(memRefs) : undefined;
        const loss = optimizer.minimize(() => {
          let l = crossEntropy(xn, yn, mn);
          if (mem) {
            const w = strategy.kind === 'replay' ? strategy.newDataWeight ?? 0.5 : 1;
            l = tf.add(tf.mul(w, l), tf.mul(1 - w, crossEntropy(...mem))) as tf.Scalar;
          }
          if (fisher && anchor && strategy.kind === 'ewc') {
            const weights = model.trainableWeights.map((w) => w.read());
            const penalty = tf.addN(weights.map((w, i) => tf.sum(tf.mul(fisher![i], tf.square(tf.sub(w, anchor![i]))))));
            l = tf.add(l, tf.mul((strategy.lambda ?? 100) / 2, penalty)) as tf.Scalar;
          }
          return l;
        }, true)!;
        const lv = (await loss.data())[0];
        tf.dispose([loss, xn, yn, mn, ...(mem ?? [])]);
        if (!Number.isFinite(lv)) throw new NumericError(`trainContinual: the loss became ${lv} at iteration ${iteration} (task ${k + 1}). Lower learningRate.`);
        if (memory) for (const r of newRefs) memory.add(r);
        const last = step === iters;
        if (last || step % evalEvery === 0 || (k > 0 && step <= dense)) await evaluate(iteration, k);
      }
      boundaries.push(iteration);
      if (strategy.kind === 'ewc') {
        const [f, a] = await estimateFisher(k);
        tf.dispose(anchor ?? []);
        anchor = a;
        if (fisher) {
          const summed = fisher.map((old, i) => tf.add(old, f[i]));
          tf.dispose([...fisher, ...f]);
          fisher = summed;
        } else {
          fisher = f;
        }
      }
    }
  } finally {
    tf.dispose([...masks, ...testX, ...testY, ...(fisher ?? []), ...(anchor ?? [])]);
    optimizer.dispose();
  }

  // Diagonal empirical Fisher of task k from mini-batches of 25 (squared batch gradients × 25).
  async function estimateFisher(k: number): Promise<[tf.Tensor[], tf.Tensor[]]> {
    const n = strategy.kind === 'ewc' ? strategy.fisherSamples ?? 500 : 500;
    const chunk = 25;
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const acc: tf.Tensor[] = vars.map((v) => tf.zerosLike(v as tf.Tensor));
    for (let done = 0; done < n; done += chunk) {
      const [x, y, m] = gather(sampleRefs([k], chunk));
      const { value, grads } = tf.variableGrads(() => crossEntropy(x, y, m), vars);
      value.dispose();
      vars.forEach((v, i) => {
        const g = grads[v.name];
        const next = tf.add(acc[i], tf.mul(tf.square(g), chunk / n));
        acc[i].dispose();
        acc[i] = next;
      });
      tf.dispose([x, y, m, ...Object.values(grads)]);
    }
    return [acc, vars.map((v) => v.clone())];
  }

  const evaluations = aq.from(rows).derive({ strategy: aq.escape(() => strategyName(strategy)) });
  return { evaluations, boundaries, model, seconds: (Date.now() - start) / 1000 };
}
