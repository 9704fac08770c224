import * as tf from '@tensorflow/tfjs';
import * as aq from 'arquero';
import { ConfigError, NumericError, ShapeError, unknownKeywordMessage } from '../errors';
import { checkFeatureArray, checkLabelValues } from '../train/check-training-inputs';
import { mlp } from '../train/mlp';
import { rng, type Rng } from '../util/random';
import { denseForward, denseStack } from '../train/dense-stack';
import { denseStep, tapeStep, type BatchPart } from './continual-step';
import { sgd } from '../train/fused-sgd';
import { epochProgress } from '../train/epoch-progress';
import { toPlugins, type Strategy } from './strategy-spec';
import { checkPlugins, type ContinualContext, type ExampleRef, type GatheredBatch, type LossTerm, type StrategyPlugin } from './strategy-plugin';
import type { TaskStream } from './task-stream';
import { shiftImage } from './view-batch';

/** Options for {@link trainContinual}. */
export interface ContinualOptions {
  /** A built-in strategy as data, a plugin, or several plugins (combined: replay + LwF). */
  strategy: Strategy | StrategyPlugin | readonly StrategyPlugin[];
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
  /**
   * "dense": hand-written gradients of the dense stack (as `fit` uses), one forward and one
   * backward pass per step; "tape": through TF.js's gradient tape (slower; for checking). Both
   * compute the same loss and gradients, up to float rounding. Default: "dense".
   */
  gradients?: 'dense' | 'tape';
  /** Called after each evaluation with all rows so far (for a live chart). */
  onEvaluate?: (rows: aq.ColumnTable) => void | Promise<void>;
  /** Show a progress bar over the iterations (see `progressBar`). Default: true in a notebook (inside the kernel), false elsewhere. */
  progress?: boolean;
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

/** The training-input checks `fit` runs, on every task's train and test data, before any training. */
function checkTaskStream(stream: TaskStream): void {
  const where = 'trainContinual';
  if (!stream || !Array.isArray(stream.tasks) || stream.tasks.length === 0) throw new ConfigError(`${where}: the stream has no tasks: expected a TaskStream from splitByClass, permutedTasks or rotatedTasks.`);
  stream.tasks.forEach((t, i) => {
    for (const part of ['train', 'test'] as const) {
      const d = t[part];
      const arg = `task ${i + 1} (${t.name}) ${part}`;
      checkFeatureArray(where, `${arg} x`, d.x, d.count, stream.features);
      if (d.y.length !== d.count) throw new ShapeError(`${where}: ${arg} has ${d.y.length} labels for ${d.count} examples: expected one label per example.`);
      checkLabelValues(where, `${arg} y`, d.y, stream.classes);
    }
  });
}

/**
 * Trains an MLP on a stream of tasks, one after another, and evaluates it on every seen task
 * *during* training (continual evaluation), so the stability gap — the sharp drop of earlier
 * tasks' accuracy right after a task switch, and its partial recovery — becomes visible.
 * De Lange, van de Ven & Tuytelaars, "Continual evaluation for lifelong learning: identifying
 * the stability gap", ICLR 2023. The strategy is a list of plugins ({@link StrategyPlugin}); the
 * built-in ones can also be given as data (`{ kind: 'replay', memorySize: 2000 }`).
 * @param stream - from `splitByClass`, `permutedTasks` or `rotatedTasks`.
 * @param options - strategy, sizes and evaluation schedule; see {@link ContinualOptions}.
 * @returns the evaluations table, task boundaries and the trained model.
 * @throws ConfigError for bad sizes or plugins; NumericError when the loss diverges.
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
  checkTaskStream(stream);
  if (stream.tasks.length === 0) throw new ConfigError('trainContinual: the stream has no tasks.');
  const plugins = toPlugins('trainContinual', options.strategy);
  checkPlugins('trainContinual', plugins);
  const strategyName = plugins.map((p) => p.name).join(' + ');
  const sampler = plugins.find((p) => p.sampleBatch);
  const { features, classes } = stream;
  const side = Math.round(Math.sqrt(features));
  const scenario = options.scenario ?? 'class';
  const seed = options.seed ?? 0;
  const rand: Rng = rng(seed);
  const model = mlp({ inputDim: features, hidden: options.hidden ?? [400, 400], outputDim: classes, seed });
  const mode = options.gradients ?? 'dense';
  if (mode !== 'dense' && mode !== 'tape') throw new ConfigError(unknownKeywordMessage('trainContinual', 'gradients', mode, ['dense', 'tape']));
  const stack = mode === 'dense' ? denseStack(model) : undefined;
  // One native pass per variable where the OpenBLAS addon is loaded (tf.train.momentum's formula).
  const optimizer = sgd({ learningRate: options.learningRate ?? 0.01, momentum: options.momentum ?? 0.9 });
  // Logit masks: 0 for a task's classes, −1e9 for the others in the task-incremental scenario.
  const maskData = stream.tasks.map((t) => Float32Array.from({ length: classes }, (_, c) => (scenario === 'task' && !t.classes.includes(c) ? -1e9 : 0)));
  const masks = maskData.map((m) => tf.tensor1d(m));
  const testX = stream.tasks.map((t) => tf.tensor2d(t.test.x, [t.test.count, features]));
  const testY = stream.tasks.map((t) => tf.tensor1d(t.test.y, 'int32'));
  const rows: EvalRow[] = [];
  const boundaries: number[] = [];

  const gather = (refs: readonly ExampleRef[]): GatheredBatch => {
    const x = new Float32Array(refs.length * features);
    const y = new Int32Array(refs.length);
    const m = new Float32Array(refs.length * classes);
    refs.forEach((r, k) => {
      const d = stream.tasks[r.task].train;
      const src = d.x.subarray(r.index * features, (r.index + 1) * features);
      if (r.shift && side * side === features) shiftImage(src, side, r.shift, x.subarray(k * features, (k + 1) * features));
      else x.set(src, k * features);
      y[k] = d.y[r.index];
      m.set(maskData[r.task], k * classes);
    });
    return { x: tf.tensor2d(x, [refs.length, features]), y: tf.tensor1d(y, 'int32'), mask: tf.tensor2d(m, [refs.length, classes]) };
  };
  const sample = (tasks: readonly number[], k: number): ExampleRef[] =>
    Array.from({ length: k }, () => {
      const task = tasks[Math.floor(rand() * tasks.length)];
      return { task, index: Math.floor(rand() * stream.tasks[task].train.count) };
    });
  // One context object, updated in place; hooks read it while they run.
  const ctx: { -readonly [K in keyof ContinualContext]: ContinualContext[K] } = { stream, model, task: 0, iteration: 0, step: 0, batchSize, seed, rand, sample, gather };

  // All seen tasks' test sets in one batch, rebuilt at each task switch: one forward pass per evaluation.
  let seenTest: { x: tf.Tensor2D; y: tf.Tensor1D; mask: tf.Tensor2D; counts: number[] } | undefined;
  const useSeen = (current: number) => {
    if (seenTest && seenTest.counts.length === current + 1) return seenTest;
    if (seenTest) tf.dispose([seenTest.x, seenTest.y, seenTest.mask]);
    const tasks = stream.tasks.slice(0, current + 1);
    const rowsOf = (j: number) => tf.tile(masks[j].reshape([1, classes]), [stream.tasks[j].test.count, 1]);
    seenTest = {
      x: tf.concat(testX.slice(0, current + 1)),
      y: tf.concat(testY.slice(0, current + 1)),
      mask: tf.tidy(() => tf.concat(tasks.map((_, j) => rowsOf(j)))) as tf.Tensor2D,
      counts: tasks.map((t) => t.test.count),
    };
    return seenTest;
  };
  async function evaluate(iteration: number, current: number): Promise<void> {
    const seen = useSeen(current);
    const correct = tf.tidy(() => {
      const out = stack ? denseForward(stack, seen.x).output : (model.apply(seen.x) as tf.Tensor2D);
      return tf.equal(tf.argMax(tf.add(out, seen.mask), 1), seen.y);
    });
    const hits = await correct.data();
    correct.dispose();
    let offset = 0;
    seen.counts.forEach((n, j) => {
      let c = 0;
      for (let i = offset; i < offset + n; i++) c += hits[i];
      offset += n;
      // float32, as tf.mean gave it
      rows.push({ iteration, training_task: current + 1, task: j + 1, accuracy: Math.fround(c / n) });
    });
    if (options.onEvaluate) await options.onEvaluate(aq.from(rows).derive({ strategy: aq.escape(() => strategyName) }));
  }

  const total = iters * stream.tasks.length;
  const bar = epochProgress(`trainContinual (${strategyName})`, total, options.progress);
  let failure: unknown;
  try {
    for (let k = 0; k < stream.tasks.length; k++) {
      ctx.task = k;
      ctx.step = 0;
      for (const p of plugins) await p.beforeTask?.(ctx);
      for (let step = 1; step <= iters; step++) {
        ctx.iteration++;
        ctx.step = step;
        const newRefs = sampler ? sampler.sampleBatch!(ctx) : sample([k], batchSize);
        const extras = plugins.flatMap((p) => p.extraBatch?.(ctx) ?? []);
        const refs = [newRefs, ...extras.map((e) => e.refs)].flat();
        const parts: BatchPart[] = [{ count: newRefs.length, weight: 1 - extras.reduce((s, e) => s + e.weight, 0) }, ...extras.map((e) => ({ count: e.refs.length, weight: e.weight }))];
        const batch = gather(refs);
        const loss = tf.tidy(() => {
          const terms = plugins.flatMap((p): LossTerm[] => {
            const t = p.lossTerm?.({ ...ctx, x: batch.x, mask: batch.mask, refs });
            return t ? [t] : [];
          });
          return stack ? denseStep(stack, optimizer, batch, parts, terms, classes) : tapeStep(model, optimizer, batch, parts, terms, classes);
        });
        const lv = (await loss.data())[0];
        tf.dispose([loss, batch.x, batch.y, batch.mask]);
        if (!Number.isFinite(lv)) throw new NumericError(`trainContinual: the loss became ${lv} at iteration ${ctx.iteration} (task ${k + 1}). Lower learningRate.`);
        for (const p of plugins) p.afterStep?.({ ...ctx, refs: newRefs, loss: lv });
        bar.epoch(ctx.iteration, `task ${k + 1}/${stream.tasks.length} · loss ${lv.toPrecision(4)}`);
        if (step === iters || step % evalEvery === 0 || (k > 0 && step <= dense)) await evaluate(ctx.iteration, k);
      }
      boundaries.push(ctx.iteration);
      for (const p of plugins) await p.afterTask?.(ctx);
    }
  } catch (e) {
    failure = e;
    throw e;
  } finally {
    await bar.end(failure);
    for (const p of plugins) p.dispose?.();
    tf.dispose([...masks, ...testX, ...testY, ...(seenTest ? [seenTest.x, seenTest.y, seenTest.mask] : [])]);
    optimizer.dispose();
  }

  const evaluations = aq.from(rows).derive({ strategy: aq.escape(() => strategyName) });
  return { evaluations, boundaries, model, seconds: (Date.now() - start) / 1000 };
}
