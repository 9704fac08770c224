// Trials the sweep bench runs in worker threads (loaded from dist/bench/sweep-trials.js).
import * as tf from '@tensorflow/tfjs';
import { FASHION_MNIST_SUBSET, fit, loadFashionMnist, mlp, type TrialContext } from '../lib/index';

let data: { x: tf.Tensor2D; y: tf.Tensor1D; xTest: tf.Tensor2D; yTest: tf.Tensor1D } | undefined;

// Notebook 03's data: the shipped Fashion-MNIST subset, loaded once per thread.
function fashion() {
  if (data) return data;
  const toTensors = (d: ReturnType<typeof loadFashionMnist>) => [tf.tensor2d(Float32Array.from(d.images, (v) => v / 255), [d.count, 784]), tf.tensor1d(Int32Array.from(d.labels), 'int32')] as const;
  const [x, y] = toTensors(loadFashionMnist('train', FASHION_MNIST_SUBSET));
  const [xTest, yTest] = toTensors(loadFashionMnist('test', FASHION_MNIST_SUBSET));
  return (data = { x, y, xTest, yTest });
}

/** Notebook 03's early-stopping run: an MLP on Fashion-MNIST, validation accuracy reported each epoch. */
export async function fashionTrial(config: { lr: number; hidden: number; seed: number; epochs: number }, { report }: TrialContext) {
  const { x, y, xTest, yTest } = fashion();
  const model = mlp({ inputDim: 784, hidden: [config.hidden], outputDim: 10, seed: config.seed });
  try {
    const h = await fit(model, x, y, { epochs: config.epochs, batchSize: 64, learningRate: config.lr, seed: config.seed, validationData: [xTest, yTest], onEpochEnd: (_h, logs) => report(logs.epoch, { acc: logs.val_accuracy! }) });
    return { acc: h.array('val_accuracy').at(-1) as number };
  } finally {
    model.dispose();
  }
}

/** Does nothing: what is left of its time is the sweep's own cost per trial. */
export function noopTrial(config: { i: number }) {
  return { i: config.i };
}
