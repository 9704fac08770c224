import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../lib/backend/select-backend';
import { softmaxCrossEntropyStep } from '../../../lib/train/classifier-step';
import { denseStack } from '../../../lib/train/dense-stack';
import { mlp } from '../../../lib/train/mlp';
import { normal, rng } from '../../../lib/util/random';
import { GradientRecorder } from './gradient-recorder';

beforeAll(async () => {
  await selectBackend();
});

describe('softmaxCrossEntropyStep', () => {
  it('gives the loss, accuracy and gradients of tf.losses.softmaxCrossEntropy through the tape', () => {
    const r = rng(4);
    const model = mlp({ inputDim: 6, hidden: [12, 9], outputDim: 4, seed: 2 });
    const x = tf.tensor2d(Array.from({ length: 30 * 6 }, () => normal(r)), [30, 6]);
    const y = tf.tensor1d(Array.from({ length: 30 }, (_, i) => (i * 7) % 4), 'int32');
    const rec = new GradientRecorder();
    const { loss, accuracy } = softmaxCrossEntropyStep(denseStack(model)!, x, y, rec);
    const tape = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(tf.oneHot(y, 4), model.apply(x, { training: true }) as tf.Tensor2D) as tf.Scalar);
    expect(loss.dataSync()[0]).toBeCloseTo(tape.value.dataSync()[0], 5);
    const logits = model.predict(x) as tf.Tensor2D;
    expect(accuracy.dataSync()[0]).toBeCloseTo(tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32')).dataSync()[0], 6);
    expect(Object.keys(rec.grads).sort()).toEqual(Object.keys(tape.grads).sort());
    for (const [name, g] of Object.entries(tape.grads)) {
      const want = g.dataSync();
      const scale = Math.max(...Array.from(want, Math.abs));
      expect(scale).toBeGreaterThan(1e-4);
      want.forEach((v, i) => expect(Math.abs(rec.grads[name][i] - v)).toBeLessThan(1e-5 * scale + 1e-7));
    }
  });
});
