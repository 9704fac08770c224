import * as tf from '@tensorflow/tfjs';
import * as aq from 'arquero';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../lib/backend/select-backend';
import { ConfigError } from '../../../lib/errors';
import { bradleyTerryLoss } from '../../../lib/reward/bradley-terry-loss';
import { bradleyTerryStep } from '../../../lib/reward/bradley-terry-step';
import { rewardModel } from '../../../lib/reward/pair-model';
import { trainPairModel } from '../../../lib/reward/train-pair-model';
import { denseStack } from '../../../lib/train/dense-stack';
import { adam } from '../../../lib/train/fused-adam';

const softplus = (z: number) => Math.log1p(Math.exp(z));

function lossByHand(ra: number[], rb: number[], y: number[], m: number[], c: number): number {
  let s = 0, sq = 0;
  ra.forEach((_, i) => {
    const sign = 2 * y[i] - 1;
    s += softplus(m[i] - sign * (ra[i] - rb[i]));
    sq += (ra[i] + rb[i]) ** 2;
  });
  return s / ra.length + (c * sq) / ra.length;
}

describe('bradleyTerryLoss', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'cpu' }); // float32 on every backend; cpu keeps the check simple
  });
  const ra = [0.3, -1.2, 2.0, 0.0];
  const rb = [0.1, 0.4, -0.5, 0.0];
  const y = [1, 0, 1, 0];
  const m = [0.5, 0.0, 1.0, 0.2];

  it('equals −log σ(r_chosen − r_rejected − margin) plus the centring term', async () => {
    const got = (await bradleyTerryLoss(tf.tensor1d(ra), tf.tensor1d(rb), tf.tensor1d(y), { margin: tf.tensor1d(m), centerCoefficient: 0.01 }).data())[0];
    expect(got).toBeCloseTo(lossByHand(ra, rb, y, m, 0.01), 5);
    const plain = (await bradleyTerryLoss(tf.tensor1d([2]), tf.tensor1d([0]), tf.tensor1d([1])).data())[0];
    expect(plain).toBeCloseTo(-Math.log(1 / (1 + Math.exp(-2))), 5);
  });

  it('has the gradient of finite differences, also when its input is computed inside the gradient', async () => {
    const f = (a: tf.Tensor1D) => bradleyTerryLoss(tf.mul(a, 1.5) as tf.Tensor1D, tf.tensor1d(rb), tf.tensor1d(y), { margin: tf.tensor1d(m), centerCoefficient: 0.01 });
    const grad = Array.from(await tf.grad(f)(tf.tensor1d(ra)).data());
    const h = 1e-3;
    ra.forEach((_, i) => {
      const up = ra.map((v, k) => (k === i ? v + h : v) * 1.5);
      const down = ra.map((v, k) => (k === i ? v - h : v) * 1.5);
      const numeric = (lossByHand(up, rb, y, m, 0.01) - lossByHand(down, rb, y, m, 0.01)) / (2 * h);
      expect(grad[i]).toBeCloseTo(numeric, 3);
    });
  });

  it('rejects a negative or non-finite centring coefficient, naming the value, wherever it enters', async () => {
    const args = [tf.tensor1d(ra), tf.tensor1d(rb), tf.tensor1d(y)] as const;
    expect(() => bradleyTerryLoss(...args, { centerCoefficient: -0.01 })).toThrow(ConfigError);
    expect(() => bradleyTerryLoss(...args, { centerCoefficient: -0.01 })).toThrow(/bradleyTerryLoss: centerCoefficient is -0.01: expected a finite number ≥ 0/);
    expect(() => bradleyTerryLoss(...args, { centerCoefficient: NaN })).toThrow(/centerCoefficient is NaN/);
    // 0 is allowed and equals no centring
    const none = (await bradleyTerryLoss(...args).data())[0];
    expect((await bradleyTerryLoss(...args, { centerCoefficient: 0 }).data())[0]).toBe(none);
    const rm = rewardModel(2, { hidden: [4], seed: 1 });
    const batch = { x: tf.tensor2d([[0, 1], [1, 0]]), pairs: 1, sign: tf.tensor1d([1]) };
    expect(() => bradleyTerryStep(denseStack(rm.network)!, batch, -0.5, adam(1e-3))).toThrow(/bradleyTerryStep: centerCoefficient is -0.5/);
    const pairs = aq.table({ a: [0], b: [1], label: [1] });
    await expect(trainPairModel(rm, [[0, 1], [1, 0]], pairs, { epochs: 1, validationFraction: 0, centerCoefficient: -0.01 })).rejects.toThrow(/trainPairModel: centerCoefficient is -0.01/);
    rm.network.dispose();
  });
});
