import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../../errors';
import { distillationLoss } from '../distillation';
import type { StrategyPlugin } from '../strategy-plugin';

/** Options for {@link lwf}. */
export interface LwfOptions {
  /** Weight α of the distillation term. Default: 1. */
  alpha?: number;
  /** Softmax temperature T. Default: 2. */
  temperature?: number;
}

/**
 * Learning without Forgetting (Li & Hoiem 2017): after each task a frozen copy of the model is
 * kept, and every later step adds α·KL(softmax(old/T) ‖ softmax(new/T)) over the classes of the
 * earlier tasks, on the step's own inputs (no stored examples).
 * @param options - α and T.
 * @returns the plugin (named "LwF").
 * @throws ConfigError for a negative α or a temperature ≤ 0.
 * @example
 * await trainContinual(stream, { strategy: lwf({ alpha: 1, temperature: 2 }) })
 */
export function lwf(options: LwfOptions = {}): StrategyPlugin {
  const alpha = options.alpha ?? 1;
  const temperature = options.temperature ?? 2;
  if (!(alpha >= 0)) throw new ConfigError(`lwf: alpha is ${alpha}: expected a number ≥ 0.`);
  if (!(temperature > 0)) throw new ConfigError(`lwf: temperature is ${temperature}: expected a number > 0.`);
  let old: tf.LayersModel | undefined;
  let units: number[] = [];
  return {
    name: 'LwF',
    lossTerm(ctx) {
      if (!old || alpha === 0) return undefined;
      const frozen = old;
      const oldLogits = tf.add(frozen.predict(ctx.x) as tf.Tensor2D, ctx.mask) as tf.Tensor2D;
      return { logits: (logits) => tf.mul(alpha, distillationLoss(logits, oldLogits, units, temperature)) as tf.Scalar };
    },
    async afterTask(ctx) {
      old?.dispose();
      old = await tf.models.modelFromJSON({ modelTopology: ctx.model.toJSON(null, false) as never });
      old.trainable = false; // a frozen teacher: no optimizer may move it
      old.setWeights(ctx.model.getWeights());
      units = ctx.stream.tasks.slice(0, ctx.task + 1).flatMap((t) => t.classes);
    },
    dispose() {
      old?.dispose();
      old = undefined;
    },
  };
}
