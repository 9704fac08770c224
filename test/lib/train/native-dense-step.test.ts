import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBlasAddon } from '../../../lib/backend/native/load-addon';
import { selectBackend } from '../../../lib/backend/select-backend';
import { DataFormatError } from '../../../lib/errors';
import { bradleyTerryStep } from '../../../lib/reward/bradley-terry-step';
import { softmaxCrossEntropyStep } from '../../../lib/train/classifier-step';
import { denseStack } from '../../../lib/train/dense-stack';
import { adam } from '../../../lib/train/fused-adam';
import { sgd } from '../../../lib/train/fused-sgd';
import { mlp } from '../../../lib/train/mlp';
import { denseTrainer } from '../../../lib/train/native-dense-step';
import { normal, permutation, rng } from '../../../lib/util/random';

const STEPS = 100;
const seeded = (n: number, seed: number) => {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => normal(r));
};
const optimizers = { adam: () => adam(3e-3), sgd: () => sgd({ learningRate: 0.05, momentum: 0.9 }) };

let native = false;
beforeAll(async () => {
  const report = await selectBackend({ backend: 'wasm' });
  native = report.backend === 'wasm' && loadBlasAddon().addon !== undefined;
  if (!native && process.env.FEEDBACKLAB_REQUIRE_NATIVE === '1') throw new Error(loadBlasAddon().reason);
});

/** Losses and accuracies of STEPS classifier steps, fused or through TF.js kernels. */
function classifierRun(kind: keyof typeof optimizers, fused: boolean, steps = STEPS, batch = 32): { losses: number[]; accs: number[]; weights: Float32Array[] } {
  const n = 300, dim = 20, classes = 5;
  const x = tf.tensor2d(seeded(n * dim, 1), [n, dim]);
  const y = tf.tensor1d(Int32Array.from({ length: n }, (_, i) => (i * 7 + (i >> 3)) % classes), 'int32');
  const model = mlp({ inputDim: dim, hidden: [48, 24], outputDim: classes, seed: 4 });
  const stack = denseStack(model)!;
  const opt = optimizers[kind]();
  const trainer = fused ? denseTrainer(stack, opt, [x, y])! : undefined;
  const order = permutation(n, rng(9));
  const losses: number[] = [], accs: number[] = [];
  for (let s = 0; s < steps; s++) {
    const start = (s * batch) % (n - batch);
    const rows = order.subarray(start, start + batch);
    if (trainer) {
      const { loss, accuracy } = trainer.classifierStep(x, y, rows);
      losses.push(loss);
      accs.push(accuracy);
    } else {
      const [l, a] = tf.tidy(() => {
        const idx = tf.tensor1d(rows, 'int32');
        const { loss, accuracy } = softmaxCrossEntropyStep(stack, tf.gather(x, idx), tf.gather(y, idx), opt);
        return [loss.dataSync()[0], accuracy.dataSync()[0]];
      });
      losses.push(l);
      accs.push(a);
    }
  }
  const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
  opt.dispose();
  model.dispose();
  tf.dispose([x, y]);
  return { losses, accs, weights };
}

/** Losses of STEPS Bradley-Terry steps with margins and centring, fused or through TF.js kernels. */
function pairRun(kind: keyof typeof optimizers, fused: boolean): { losses: number[]; correct: number[]; weights: Float32Array[] } {
  const pairs = 40, dim = 6, c = 0.02;
  const model = mlp({ inputDim: dim, hidden: [32, 16], outputDim: 1, seed: 2 });
  const stack = denseStack(model)!;
  const opt = optimizers[kind]();
  const trainer = fused ? denseTrainer(stack, opt)! : undefined;
  const losses: number[] = [], correct: number[] = [];
  for (let s = 0; s < STEPS; s++) {
    const x = seeded(2 * pairs * dim, 100 + (s % 7));
    const sign = Float32Array.from({ length: pairs }, (_, i) => ((i + s) % 3 === 0 ? -1 : 1));
    const margin = Float32Array.from({ length: pairs }, (_, i) => (i % 4) * 0.1);
    if (trainer) {
      const r = trainer.pairStep(x, sign, margin, c);
      losses.push(r.loss);
      correct.push(r.correct);
    } else {
      tf.tidy(() => {
        const { loss, z } = bradleyTerryStep(stack, { x: tf.tensor2d(x, [2 * pairs, dim]), pairs, sign: tf.tensor1d(sign), margin: tf.tensor1d(margin) }, c, opt);
        losses.push(loss.dataSync()[0]);
        correct.push(Array.from(z.dataSync()).filter((v) => v > 0).length);
      });
    }
  }
  const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
  opt.dispose();
  model.dispose();
  return { losses, correct, weights };
}

const expectSameLosses = (got: number[], want: number[]) => {
  expect(got).toHaveLength(want.length);
  got.forEach((v, i) => expect(Math.abs(v - want[i]), `step ${i}: ${v} vs ${want[i]}`).toBeLessThan(1e-5));
};

describe('denseTrainer', () => {
  it('trains a classifier to the losses of the TF.js step over 100 steps, with Adam and with SGD momentum', (ctx) => {
    if (!native) return ctx.skip();
    for (const kind of ['adam', 'sgd'] as const) {
      const want = classifierRun(kind, false);
      const got = classifierRun(kind, true);
      expectSameLosses(got.losses, want.losses);
      expect(got.accs).toEqual(want.accs);
      expect(want.losses[STEPS - 1]).toBeLessThan(want.losses[0] - 0.1); // it learned: the steps did something
      got.weights.forEach((w, k) => w.forEach((v, i) => expect(Math.abs(v - want.weights[k][i])).toBeLessThan(1e-4)));
    }
  });

  it('trains a Bradley-Terry reward model to the losses of bradleyTerryStep over 100 steps', (ctx) => {
    if (!native) return ctx.skip();
    for (const kind of ['adam', 'sgd'] as const) {
      const want = pairRun(kind, false);
      const got = pairRun(kind, true);
      expectSameLosses(got.losses, want.losses);
      expect(got.correct).toEqual(want.correct);
    }
  });

  it('takes the same steps on two threads as on one: products on two OpenBLAS threads, or the batch in two halves', (ctx) => {
    if (!native) return ctx.skip();
    const addon = loadBlasAddon().addon!;
    const [max, minWork] = addon.threads(0, -1);
    const close = (a: number[], b: number[], tol: number) => a.forEach((v, i) => expect(Math.abs(v - b[i]), `step ${i}`).toBeLessThan(tol));
    const closeWeights = (a: Float32Array[], b: Float32Array[]) => a.forEach((w, k) => w.forEach((v, i) => expect(Math.abs(v - b[k][i])).toBeLessThan(1e-6)));
    try {
      const runs = (policy: [number, number]) => {
        addon.threads(...policy);
        return { long: classifierRun('adam', true, STEPS, 96), short: classifierRun('sgd', true, 5, 96), pairs: pairRun('adam', true) };
      };
      const one = runs([1, 0]);
      // every product on two threads; then no product big enough, so each batch of ≥ 64 rows runs as two halves
      for (const policy of [[2, 0], [2, 1e18]] as [number, number][]) {
        const two = runs(policy);
        close(two.long.losses, one.long.losses, 1e-5);
        closeWeights(two.short.weights, one.short.weights);
        close(two.pairs.losses, one.pairs.losses, 1e-5);
        expect(two.pairs.correct).toEqual(one.pairs.correct);
      }
    } finally {
      addon.threads(max, minWork);
    }
  });

  it('names a label outside the classes', (ctx) => {
    if (!native) return ctx.skip();
    const model = mlp({ inputDim: 3, outputDim: 4 });
    const x = tf.zeros([5, 3]) as tf.Tensor2D;
    const y = tf.tensor1d([0, 1, 7, 2, 3], 'int32');
    const trainer = denseTrainer(denseStack(model)!, adam(0.01), [x, y])!;
    expect(() => trainer.classifierStep(x, y, Int32Array.from([0, 2]))).toThrow(DataFormatError);
    expect(() => trainer.classifierStep(x, y, Int32Array.from([2]))).toThrow(/label of example 2 is 7: expected a class index in \[0, 4\)/);
    expect(() => trainer.classifierStep(x, y, Int32Array.from([5]))).toThrow(/row index 5 is not in \[0, 5\)/);
    expect(denseTrainer(denseStack(model)!, tf.train.adam(0.01) as never)).toBeUndefined();
  });
});
