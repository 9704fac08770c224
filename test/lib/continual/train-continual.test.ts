import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../lib/backend/select-backend';
import { averageAccuracy, forgetting, minAcc } from '../../../lib/continual/continual-metrics';
import { splitByClass } from '../../../lib/continual/task-stream';
import { trainContinual } from '../../../lib/continual/train-continual';
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
});
