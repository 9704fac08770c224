import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../lib/backend/select-backend';
import { splitByClass, type TaskStream } from '../../../lib/continual/task-stream';
import { trainContinual } from '../../../lib/continual/train-continual';
import { FASHION_MNIST_SUBSET, loadFashionMnist } from '../../../lib/data/fashion-mnist';
import { ConfigError, DataFormatError, NumericError, ShapeError } from '../../../lib/errors';

// A copy of a small stream whose task data a test may damage.
function stream(): TaskStream {
  const s = splitByClass(loadFashionMnist('train', FASHION_MNIST_SUBSET), loadFashionMnist('test', FASHION_MNIST_SUBSET), { classesPerTask: 2, testPerTask: 20 });
  return { ...s, tasks: s.tasks.map((t) => ({ ...t, train: { ...t.train, x: t.train.x.slice(), y: t.train.y.slice() }, test: { ...t.test, x: t.test.x.slice(), y: t.test.y.slice() } })) };
}
const options = { strategy: { kind: 'finetune' } as const, hidden: [8], iterationsPerTask: 2, batchSize: 8 };

describe('trainContinual input checks', () => {
  beforeAll(async () => {
    await selectBackend();
  });

  it('names the task, the row and the value for NaN features, labels out of range and a short label array', async () => {
    const nan = stream();
    nan.tasks[1].train.x[3 * nan.features + 7] = NaN;
    await expect(trainContinual(nan, options)).rejects.toThrow(NumericError);
    await expect(trainContinual(nan, options)).rejects.toThrow(/task 2 \(.*\) train x has non-finite values in row 3 \(first: row 3, feature 7 is NaN\)/);
    const label = stream();
    label.tasks[0].test.y[5] = 12;
    await expect(trainContinual(label, options)).rejects.toThrow(DataFormatError);
    await expect(trainContinual(label, options)).rejects.toThrow(/task 1 \(.*\) test y has labels outside 0…9 in row 5 \(it is 12\)/);
    const short = stream();
    short.tasks[2].train = { ...short.tasks[2].train, y: short.tasks[2].train.y.subarray(1) };
    await expect(trainContinual(short, options)).rejects.toThrow(ShapeError);
    await expect(trainContinual({ ...stream(), tasks: [] }, options)).rejects.toThrow(ConfigError);
  });
});
