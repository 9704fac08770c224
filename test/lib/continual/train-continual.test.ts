import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../lib/backend/select-backend';
import { averageAccuracy, forgetting, minAcc } from '../../../lib/continual/continual-metrics';
import { splitByClass } from '../../../lib/continual/task-stream';
import { trainContinual } from '../../../lib/continual/train-continual';
import { lwf, onlineEwc, replay } from '../../../lib/continual/plugins/index';
import type { StrategyPlugin } from '../../../lib/continual/strategy-plugin';
import { FASHION_MNIST_SUBSET, loadFashionMnist } from '../../../lib/data/fashion-mnist';

describe('trainContinual on the shipped Fashion-MNIST subset', () => {
  beforeAll(async () => {
    await selectBackend();
  });

  it('forgets less with replay than with fine-tuning, and reruns identically', async () => {
    const stream = splitByClass(loadFashionMnist('train', FASHION_MNIST_SUBSET), loadFashionMnist('test', FASHION_MNIST_SUBSET), { classesPerTask: 2, testPerTask: 200 });
    expect(stream.tasks.map((t) => t.train.count)).toEqual([600, 600, 600, 600, 600]);
    const common = { hidden: [100], iterationsPerTask: 60, batchSize: 64, evalEvery: 10, denseAfterSwitch: 5, seed: 3 };
    const finetune = await trainContinual(stream, { ...common, strategy: { kind: 'finetune' } });
    const replay = await trainContinual(stream, { ...common, strategy: { kind: 'replay', memorySize: 500 } });
    expect(finetune.boundaries).toEqual([60, 120, 180, 240, 300]);
    expect(forgetting(replay.evaluations)!).toBeLessThan(forgetting(finetune.evaluations)! - 0.2);
    expect(averageAccuracy(replay.evaluations)).toBeGreaterThan(averageAccuracy(finetune.evaluations) + 0.2);
    expect(minAcc(replay.evaluations)!).toBeGreaterThanOrEqual(0);
    const again = await trainContinual(stream, { ...common, strategy: { kind: 'finetune' } });
    expect(again.evaluations.array('accuracy')).toEqual(finetune.evaluations.array('accuracy'));
  });

  it('gives the same losses with hand-written dense gradients as through the tape, within 1e-5 over 50 steps', async () => {
    const all = splitByClass(loadFashionMnist('train', FASHION_MNIST_SUBSET), loadFashionMnist('test', FASHION_MNIST_SUBSET), { classesPerTask: 2, testPerTask: 100 });
    const stream = { ...all, tasks: all.tasks.slice(0, 2) };
    const losses = async (gradients: 'dense' | 'tape', strategy: () => StrategyPlugin[]) => {
      const out: number[] = [];
      const probe: StrategyPlugin = { name: 'probe', afterStep: (ctx) => void out.push(ctx.loss) };
      const run = await trainContinual(stream, { hidden: [64, 32], iterationsPerTask: 25, batchSize: 32, evalEvery: 5, seed: 4, gradients, strategy: [...strategy(), probe] });
      return { out, acc: run.evaluations.array('accuracy') as number[] };
    };
    // replay adds a weighted memory batch, EWC a weight term, LwF a logits term
    for (const strategy of [() => [replay({ memorySize: 100, newDataWeight: 0.3 }), onlineEwc({ lambda: 50, fisherSamples: 50 })], () => [lwf({ alpha: 1 })]]) {
      const [dense, tape] = [await losses('dense', strategy), await losses('tape', strategy)];
      expect(dense.out).toHaveLength(50);
      expect(Math.max(...dense.out.map((l, i) => Math.abs(l - tape.out[i])))).toBeLessThan(1e-5);
      expect(dense.out[49]).toBeLessThan(dense.out[25]);
    }
  });
});
