import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../lib/backend/select-backend';
import { averageAccuracy } from '../../../lib/continual/continual-metrics';
import { lwf, replay, viewBatch } from '../../../lib/continual/plugins/index';
import type { StrategyPlugin } from '../../../lib/continual/strategy-plugin';
import { splitByClass } from '../../../lib/continual/task-stream';
import { distillationLoss } from '../../../lib/continual/distillation';
import { trainContinual } from '../../../lib/continual/train-continual';
import { FASHION_MNIST_SUBSET, loadFashionMnist } from '../../../lib/data/fashion-mnist';

describe('StrategyPlugin', () => {
  const common = { hidden: [64], iterationsPerTask: 30, batchSize: 32, evalEvery: 10, denseAfterSwitch: 0, seed: 5 };
  let stream: ReturnType<typeof splitByClass>;
  beforeAll(async () => {
    await selectBackend();
    const all = splitByClass(loadFashionMnist('train', FASHION_MNIST_SUBSET), loadFashionMnist('test', FASHION_MNIST_SUBSET), { classesPerTask: 2, testPerTask: 100 });
    stream = { ...all, tasks: all.tasks.slice(0, 3) };
  });

  it('trains and evaluates a strategy written outside the library', async () => {
    // "keep the first batch of each task": replays the first new batch of every earlier task, with an L2 pull to zero
    const calls: string[] = [];
    const firsts: { task: number; index: number }[][] = [];
    const mine: StrategyPlugin = {
      name: 'first batches',
      beforeTask: (ctx) => void calls.push(`before ${ctx.task}`),
      extraBatch: (ctx) => (firsts.length > 0 ? { refs: firsts.flat().slice(0, ctx.batchSize), weight: 0.5 } : undefined),
      lossTerm: () => ({ weights: (w) => tf.mul(1e-4, tf.addN(w.map((v) => tf.sum(tf.square(v))))) as tf.Scalar }),
      afterStep: (ctx) => {
        if (ctx.step === 1) firsts.push([...ctx.refs]);
        expect(Number.isFinite(ctx.loss)).toBe(true);
      },
      afterTask: (ctx) => void calls.push(`after ${ctx.task} at ${ctx.iteration}`),
      dispose: () => void calls.push('dispose'),
    };
    const run = await trainContinual(stream, { ...common, strategy: mine });
    expect(calls).toEqual(['before 0', 'after 0 at 30', 'before 1', 'after 1 at 60', 'before 2', 'after 2 at 90', 'dispose']);
    expect(firsts.map((b) => b.every((r) => r.task === firsts.indexOf(b)))).toEqual([true, true, true]);
    expect(run.evaluations.get('strategy', 0)).toBe('first batches');
    expect(run.boundaries).toEqual([30, 60, 90]);
    // replaying even 32 examples per old task keeps something of them; fine-tuning keeps next to nothing
    const finetune = await trainContinual(stream, { ...common, strategy: { kind: 'finetune' } });
    expect(averageAccuracy(run.evaluations)).toBeGreaterThan(averageAccuracy(finetune.evaluations) + 0.1);
  });

  it('combines plugins: view-batch chooses the batch, replay adds memory, LwF distils', async () => {
    const seenViews: number[] = [];
    const probe: StrategyPlugin = { name: 'probe', afterStep: (ctx) => void seenViews.push(new Set(ctx.refs.map((r) => `${r.task}/${r.index}`)).size) };
    const run = await trainContinual(stream, { ...common, strategy: [viewBatch({ views: 4 }), replay({ memorySize: 200 }), lwf({ alpha: 1, temperature: 2 }), probe] });
    expect(run.evaluations.get('strategy', 0)).toBe('view-batch (4 views) + replay + LwF + probe');
    // 32 inputs per step from 8 distinct examples
    expect(Math.max(...seenViews)).toBe(8);
    expect(averageAccuracy(run.evaluations)).toBeGreaterThan(0.34);
  });

  it('distils with the KL divergence of the softened old and new outputs over the old units', () => {
    const logits = tf.tensor2d([[1, 2, 5], [0, 0, 9]]);
    const old = tf.tensor2d([[2, 1, -3], [0, 1, 0]]);
    // by hand over units 0 and 1 at T = 2: q = softmax(old/2), p = softmax(new/2), mean over rows of Σ q·log(q/p)
    const sm = (a: number, b: number) => [Math.exp(a) / (Math.exp(a) + Math.exp(b)), Math.exp(b) / (Math.exp(a) + Math.exp(b))];
    const kl = (q: number[], p: number[]) => q.reduce((s, qi, i) => s + qi * Math.log(qi / p[i]), 0);
    const expected = (kl(sm(1, 0.5), sm(0.5, 1)) + kl(sm(0, 0.5), sm(0, 0))) / 2;
    expect(distillationLoss(logits, old, [0, 1], 2).dataSync()[0]).toBeCloseTo(expected, 6);
    expect(distillationLoss(logits, logits, [0, 1, 2], 3).dataSync()[0]).toBeCloseTo(0, 6);
  });

  it('rejects a misspelt hook, a hook that is not a function and two batch samplers', async () => {
    await expect(trainContinual(stream, { ...common, strategy: { name: 'typo', afterstep: () => {} } as never })).rejects.toThrow(/plugin "typo" has an unknown hook "afterstep": expected one of "beforeTask", "sampleBatch"/);
    await expect(trainContinual(stream, { ...common, strategy: { name: 'bad', afterTask: 3 } as never })).rejects.toThrow(/hook "afterTask" is number: expected a function/);
    await expect(trainContinual(stream, { ...common, strategy: [viewBatch(), viewBatch({ views: 2 })] })).rejects.toThrow(/plugins "view-batch \(4 views\)" and "view-batch \(2 views\)" both choose the new batch/);
    await expect(trainContinual(stream, { ...common, strategy: { kind: 'rehearse' } as never })).rejects.toThrow(/unknown strategy kind "rehearse": expected one of "finetune", "replay", "joint", "ewc"/);
  });
});
