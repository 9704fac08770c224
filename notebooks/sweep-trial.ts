// The trial notebook 05 sweeps: workers load this file themselves, so it imports what it needs.
import * as tf from '@tensorflow/tfjs';
import { FASHION_MNIST_SUBSET, fit, loadFashionMnist, mlp, type TrialContext } from 'feedbacklab';

let data: [tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D] | undefined;

function fashion() {
  const toTensors = (d: ReturnType<typeof loadFashionMnist>) => [tf.tensor2d(Float32Array.from(d.images, (v) => v / 255), [d.count, 784]), tf.tensor1d(Int32Array.from(d.labels), 'int32')] as const;
  return (data ??= [...toTensors(loadFashionMnist('train', FASHION_MNIST_SUBSET)), ...toTensors(loadFashionMnist('test', FASHION_MNIST_SUBSET))]);
}

/** An MLP on Fashion-MNIST; validation accuracy is reported after every epoch. */
export async function trial(config: { lr: number; hidden: number; seed: number; epochs: number }, { report }: TrialContext) {
  const [x, y, xTest, yTest] = fashion();
  const model = mlp({ inputDim: 784, hidden: [config.hidden], outputDim: 10, seed: config.seed });
  try {
    const h = await fit(model, x, y, { epochs: config.epochs, batchSize: 64, learningRate: config.lr, seed: config.seed, validationData: [xTest, yTest], onEpochEnd: (_h, logs) => report(logs.epoch, { acc: logs.val_accuracy! }) });
    return { acc: h.array('val_accuracy').at(-1) as number, loss: h.array('loss').at(-1) as number };
  } finally {
    model.dispose();
  }
}
