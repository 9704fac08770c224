import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../lib/backend/select-backend';
import { bradleyTerryLoss } from '../../../lib/reward/bradley-terry-loss';
import { bradleyTerryStep } from '../../../lib/reward/bradley-terry-step';
import { rewardModel } from '../../../lib/reward/pair-model';
import { denseStack } from '../../../lib/train/dense-stack';
import { mlp } from '../../../lib/train/mlp';
import { normal, rng } from '../../../lib/util/random';
import { GradientRecorder } from '../train/gradient-recorder';

beforeAll(async () => {
  await selectBackend();
});

const seeded = (shape: number[], seed: number, scale = 1) => {
  const r = rng(seed);
  return tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b) }, () => normal(r) * scale), shape);
};

describe('bradleyTerryStep', () => {
  it('gives the loss and gradients of the gradient tape, with margins and reward centring', () => {
    const n = 24;
    const rm = rewardModel(5, { hidden: [16, 8], seed: 3 });
    const stack = denseStack(rm.network)!;
    expect(stack.map((l) => l.relu)).toEqual([true, true, false]);
    const x = seeded([2 * n, 5], 1) as tf.Tensor2D;
    const label = tf.tensor1d(Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : 1)));
    const sign = tf.sub(tf.mul(label, 2), 1) as tf.Tensor1D;
    const margin = tf.abs(seeded([n], 2, 0.5)) as tf.Tensor1D;
    for (const [c, m] of [[0, undefined], [0.05, margin]] as const) {
      const rec = new GradientRecorder();
      const { loss, z } = bradleyTerryStep(stack, { x, pairs: n, sign, margin: m }, c, rec);
      const [xa, xb] = [tf.slice(x, [0, 0], [n, -1]), tf.slice(x, [n, 0], [n, -1])] as tf.Tensor2D[];
      const tape = tf.variableGrads(() => bradleyTerryLoss(rm.rewards(xa, true), rm.rewards(xb, true), label, { margin: m, centerCoefficient: c }));
      expect(loss.dataSync()[0]).toBeCloseTo(tape.value.dataSync()[0], 5);
      expect(Array.from(z.dataSync())).toEqual(Array.from(tf.mul(sign, rm.logit(xa, xb)).dataSync()).map((v) => expect.closeTo(v, 5)));
      expect(Object.keys(rec.grads).sort()).toEqual(Object.keys(tape.grads).sort());
      const biggest = Math.max(...Object.values(tape.grads).map((g) => Math.max(...Array.from(g.dataSync(), Math.abs))));
      expect(biggest).toBeGreaterThan(1e-3);
      for (const [name, g] of Object.entries(tape.grads)) {
        const want = g.dataSync();
        // (the output bias cancels in r_a − r_b: its gradient is 0 unless rewards are centred)
        const scale = Math.max(...Array.from(want, Math.abs));
        want.forEach((v, i) => expect(Math.abs(rec.grads[name][i] - v)).toBeLessThan(1e-5 * scale + 1e-7));
      }
      tf.dispose([loss, z, xa, xb, tape.value, ...Object.values(tape.grads)]);
    }
  });

  it('takes only plain dense networks', () => {
    expect(denseStack(mlp({ inputDim: 3, hidden: [4], outputDim: 1, activation: 'tanh' }))).toBeUndefined();
    const withDropout = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [3] }), tf.layers.dropout({ rate: 0.5 }), tf.layers.dense({ units: 1 })] });
    expect(denseStack(withDropout)).toBeUndefined();
    expect(denseStack(mlp({ inputDim: 3, hidden: [4], outputDim: 1 }))?.length).toBe(2);
  });
});
