import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../lib/backend/select-backend';
import { ConfigError } from '../../../lib/errors';
import { parsePreferenceLoss, preferenceLoss, type PreferenceLoss } from '../../../lib/policy/losses/index';

const sig = (z: number) => 1 / (1 + Math.exp(-z));
const logSig = (z: number) => -Math.log1p(Math.exp(-z));
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

// Four pairs: policy and reference log-probabilities of the chosen (w) and rejected (l) sides.
const pw = [-1.2, -0.4, -2.0, -0.9];
const pl = [-1.5, -0.3, -1.1, -2.2];
const rw = [-1.0, -0.7, -1.6, -1.1];
const rl = [-1.3, -0.5, -1.4, -1.8];
const lw = [3, 1, 5, 2];
const ll = [2, 4, 1, 2];

type Hand = (pw: number[], pl: number[]) => number;
const h = (a: number[], b: number[]) => a.map((_, i) => a[i] - rw[i] - (b[i] - rl[i]));

// Each loss written out by hand in float64, from its paper's formula.
const CASES: [PreferenceLoss, Hand][] = [
  [{ kind: 'dpo', beta: 0.7 }, (a, b) => mean(h(a, b).map((v) => -logSig(0.7 * v)))],
  [{ kind: 'ipo', beta: 0.4 }, (a, b) => mean(h(a, b).map((v) => (v - 1 / 0.8) ** 2))],
  [{ kind: 'hinge', beta: 2 }, (a, b) => mean(h(a, b).map((v) => Math.max(0, 1 - 2 * v)))],
  [{ kind: 'cdpo', beta: 0.9, labelSmoothing: 0.2 }, (a, b) => mean(h(a, b).map((v) => -0.8 * logSig(0.9 * v) - 0.2 * logSig(-0.9 * v)))],
  [{ kind: 'robust', beta: 0.9, labelSmoothing: 0.2 }, (a, b) => mean(h(a, b).map((v) => (-0.8 * logSig(0.9 * v) + 0.2 * logSig(-0.9 * v)) / 0.6))],
  [{ kind: 'simpo', beta: 2, gamma: 0.3 }, (a, b) => mean(a.map((_, i) => -logSig(2 * (a[i] / lw[i] - b[i] / ll[i]) - 0.3)))],
];

// KTO: z₀ is a constant in the gradient, so the hand version takes it from the unperturbed inputs.
const z0 = Math.max(0, mean([...pw.map((v, i) => v - rw[i]), ...pl.map((v, i) => v - rl[i])]));
const ktoHand: Hand = (a, b) => mean([...a.map((v, i) => 1.5 * (1 - sig(0.5 * (v - rw[i] - z0)))), ...b.map((v, i) => 0.8 * (1 - sig(0.5 * (z0 - (v - rl[i])))))]);
CASES.push([{ kind: 'kto', beta: 0.5, desirableWeight: 1.5, undesirableWeight: 0.8 }, ktoHand]);

function lossOf(config: PreferenceLoss, a: tf.Tensor1D, b: tf.Tensor1D): tf.Scalar {
  return preferenceLoss(config, {
    policyChosen: a, policyRejected: b,
    referenceChosen: tf.tensor1d(rw), referenceRejected: tf.tensor1d(rl),
    lengthChosen: tf.tensor1d(lw), lengthRejected: tf.tensor1d(ll),
  });
}

describe('preferenceLoss', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'cpu' });
  });

  for (const [config, hand] of CASES) {
    it(`${config.kind} equals its formula computed by hand`, async () => {
      const got = (await lossOf(config, tf.tensor1d(pw), tf.tensor1d(pl)).data())[0];
      expect(got).toBeCloseTo(hand(pw, pl), 5);
    });

    it(`${config.kind} has the gradient of finite differences in both log-probabilities`, async () => {
      const [ga, gb] = tf.grads((a: tf.Tensor, b: tf.Tensor) => lossOf(config, tf.mul(a, 1) as tf.Tensor1D, tf.mul(b, 1) as tf.Tensor1D))([tf.tensor1d(pw), tf.tensor1d(pl)]);
      const [da, db] = [Array.from(await ga.data()), Array.from(await gb.data())];
      const eps = 1e-5;
      for (let i = 0; i < pw.length; i++) {
        const up = pw.map((v, k) => (k === i ? v + eps : v)), down = pw.map((v, k) => (k === i ? v - eps : v));
        expect(da[i]).toBeCloseTo((hand(up, pl) - hand(down, pl)) / (2 * eps), 4);
        const upL = pl.map((v, k) => (k === i ? v + eps : v)), downL = pl.map((v, k) => (k === i ? v - eps : v));
        expect(db[i]).toBeCloseTo((hand(pw, upL) - hand(pw, downL)) / (2 * eps), 4);
      }
    });
  }

  it('runs a custom loss written as a plain function of the batch', async () => {
    const custom: PreferenceLoss = { kind: 'custom', name: 'squared margin', loss: (b) => tf.mean(tf.square(tf.sub(b.policyChosen, b.policyRejected))) as tf.Scalar };
    const got = (await lossOf(parsePreferenceLoss(custom), tf.tensor1d(pw), tf.tensor1d(pl)).data())[0];
    expect(got).toBeCloseTo(mean(pw.map((v, i) => (v - pl[i]) ** 2)), 5);
  });
});

describe('parsePreferenceLoss', () => {
  it('rejects unknown kinds listing the allowed ones, and bad β, ε and γ with their values', () => {
    expect(() => parsePreferenceLoss({ kind: 'dop', beta: 0.1 })).toThrow(ConfigError);
    expect(() => parsePreferenceLoss({ kind: 'dop', beta: 0.1 })).toThrow(/unknown loss kind "dop": expected one of "dpo", "ipo"/);
    expect(() => parsePreferenceLoss({ kind: 'dpo', beta: 0 })).toThrow(/beta = 0: expected a finite number > 0/);
    expect(() => parsePreferenceLoss({ kind: 'ipo', beta: -1 })).toThrow(/beta = -1/);
    expect(() => parsePreferenceLoss({ kind: 'robust', beta: 1, labelSmoothing: 0.5 })).toThrow(/labelSmoothing = 0.5/);
    expect(() => parsePreferenceLoss({ kind: 'simpo', beta: 1, gamma: -0.1 })).toThrow(/gamma = -0.1/);
    expect(() => parsePreferenceLoss({ kind: 'custom', name: 'x' })).toThrow(/expected a function/);
    expect(() => parsePreferenceLoss(null)).toThrow(ConfigError);
  });
});
