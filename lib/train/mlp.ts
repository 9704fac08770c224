import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../errors';

/** Options for {@link mlp}. */
export interface MlpOptions {
  /** Number of input features. */
  inputDim: number;
  /** Width of each hidden layer, e.g. [400, 400]. Default: [64]. */
  hidden?: number[];
  /** Output units (classes for a classifier, 1 for a reward). */
  outputDim: number;
  /** Hidden activation. Default: "relu". */
  activation?: 'relu' | 'tanh' | 'elu';
  /** Seed of the weight initialisers: the same seed gives the same starting weights. Default: 0. */
  seed?: number;
}

/**
 * A multi-layer perceptron (dense layers, Glorot-uniform weights from a seed, linear output).
 * @param options - sizes, activation and seed; see {@link MlpOptions}.
 * @returns a `tf.Sequential` model; train it with `fit`.
 * @throws ConfigError when a size is not a positive integer.
 * @example
 * const model = mlp({ inputDim: 2, hidden: [32, 32], outputDim: 3, seed: 1 });
 */
export function mlp(options: MlpOptions): tf.Sequential {
  const hidden = options.hidden ?? [64];
  for (const [name, v] of [['inputDim', options.inputDim], ['outputDim', options.outputDim], ...hidden.map((h, i) => [`hidden[${i}]`, h] as const)] as const) {
    if (!Number.isInteger(v) || (v as number) <= 0) throw new ConfigError(`mlp: ${name} is ${v}: expected a positive integer.`);
  }
  const seed = options.seed ?? 0;
  const model = tf.sequential();
  hidden.forEach((units, i) => {
    model.add(tf.layers.dense({
      units,
      activation: options.activation ?? 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 1000 + i }),
      ...(i === 0 ? { inputShape: [options.inputDim] } : {}),
    }));
  });
  model.add(tf.layers.dense({
    units: options.outputDim,
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 1000 + hidden.length }),
    ...(hidden.length === 0 ? { inputShape: [options.inputDim] } : {}),
  }));
  return model;
}
