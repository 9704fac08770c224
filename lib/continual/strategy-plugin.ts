import type * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../errors';
import type { Rng } from '../util/random';
import type { TaskStream } from './task-stream';

/** One training example of a stream: task (0-based) and index into that task's training set. */
export interface ExampleRef {
  task: number;
  index: number;
  /** A view of the example: its image shifted by [dx, dy] pixels (zeros shifted in). Default: none. */
  shift?: readonly [number, number];
}

/** Examples gathered into tensors: inputs, labels and the scenario's logit mask (the caller disposes). */
export interface GatheredBatch {
  /** [n, features]. */
  x: tf.Tensor2D;
  /** Class indices, int32, [n]. */
  y: tf.Tensor1D;
  /** Added to the logits: 0 for allowed classes, −1e9 for the others (task scenario), [n, classes]. */
  mask: tf.Tensor2D;
}

/** What every hook sees: the run, where it is, and helpers that use the run's seeded generator. */
export interface ContinualContext {
  readonly stream: TaskStream;
  readonly model: tf.Sequential;
  /** The task being trained, 0-based. */
  readonly task: number;
  /** Global training step, 1-based (the last finished step in afterTask, 0 before the first). */
  readonly iteration: number;
  /** Step within the task, 1-based (0 in beforeTask). */
  readonly step: number;
  /** New examples per step. */
  readonly batchSize: number;
  /** The run's seed. */
  readonly seed: number;
  /** The run's seeded generator: draws from it keep a run reproducible. */
  readonly rand: Rng;
  /** k examples drawn uniformly (with replacement) from the given tasks' training sets, with `rand`. */
  sample(tasks: readonly number[], k: number): ExampleRef[];
  /** The tensors of some examples (dispose them). */
  gather(refs: readonly ExampleRef[]): GatheredBatch;
}

/** A batch that a plugin adds to a step, with its loss weight. */
export interface WeightedBatch {
  refs: ExampleRef[];
  /** Weight of this batch's mean cross-entropy; the new batch gets 1 − the sum of these. */
  weight: number;
}

/** What {@link StrategyHooks.lossTerm} sees besides the context: the whole step's inputs. */
export interface LossContext extends ContinualContext {
  /** All examples of the step (the new batch, then each added batch), [n, features]. */
  readonly x: tf.Tensor2D;
  /** Their logit masks, [n, classes]. */
  readonly mask: tf.Tensor2D;
  readonly refs: readonly ExampleRef[];
}

/**
 * An extra loss term, as a function of the step's logits (masked, [n, classes]) or of the
 * trainable weights (in `model.trainableWeights` order), or both. The loop differentiates it.
 */
export interface LossTerm {
  logits?: (logits: tf.Tensor2D) => tf.Scalar;
  weights?: (weights: tf.Tensor[]) => tf.Scalar;
}

/** What afterStep sees: the new batch trained on and the step's loss. */
export interface StepResult extends ContinualContext {
  /** The new batch (not the added ones). */
  readonly refs: readonly ExampleRef[];
  /** The step's total loss. */
  readonly loss: number;
}

/**
 * The hooks of a continual-learning strategy, in the order the loop calls them. Each gets a small
 * context and returns what it adds; every hook is optional.
 */
export interface StrategyHooks {
  /** Before the first step of a task. */
  beforeTask(ctx: ContinualContext): void | Promise<void>;
  /** The new batch of a step, instead of `ctx.sample([ctx.task], ctx.batchSize)`. At most one plugin may set it. */
  sampleBatch(ctx: ContinualContext): ExampleRef[];
  /** A batch to train on besides the new one (a replay memory), or undefined. */
  extraBatch(ctx: ContinualContext): WeightedBatch | undefined;
  /** A loss term to add (a penalty, a distillation), or undefined. */
  lossTerm(ctx: LossContext): LossTerm | undefined;
  /** After the optimizer step. */
  afterStep(ctx: StepResult): void;
  /** After the last step of a task (before its boundary evaluation is used by the next task). */
  afterTask(ctx: ContinualContext): void | Promise<void>;
  /** At the end of the run, also after an error: free tensors. */
  dispose(): void;
}

/**
 * A continual-learning strategy as a plugin: a name and any of the {@link StrategyHooks}. Fine-
 * tuning is `{ name: 'fine-tuning' }`; replay, joint training, online EWC, LwF and view-batch
 * are in `lib/continual/plugins`. Several plugins combine (replay + LwF).
 * @example
 * const plugin: StrategyPlugin = { name: 'odd steps only', sampleBatch: (ctx) => ctx.sample([ctx.task], ctx.step % 2 ? ctx.batchSize : 1) };
 */
export interface StrategyPlugin extends Partial<StrategyHooks> {
  /** Shown in the evaluations' `strategy` column. */
  readonly name: string;
}

const HOOKS: readonly (keyof StrategyHooks)[] = ['beforeTask', 'sampleBatch', 'extraBatch', 'lossTerm', 'afterStep', 'afterTask', 'dispose'];

/**
 * Checks plugins: a name, hooks that are functions, no unknown function (a misspelt hook), and at
 * most one batch sampler.
 * @throws ConfigError naming the plugin and the problem.
 */
export function checkPlugins(where: string, plugins: readonly StrategyPlugin[]): void {
  if (plugins.length === 0) throw new ConfigError(`${where}: no strategy plugin: expected at least one (fine-tuning is { name: 'fine-tuning' }).`);
  for (const [i, p] of plugins.entries()) {
    if (typeof p !== 'object' || p === null || typeof p.name !== 'string' || p.name === '') throw new ConfigError(`${where}: plugin ${i} has no name: expected an object with a non-empty "name" string.`);
    const fields = p as unknown as Record<string, unknown>;
    for (const key of Object.keys(p)) {
      const known = (HOOKS as readonly string[]).includes(key);
      // a misspelt hook would never run; other fields (state) are the plugin's own business
      if (!known && typeof fields[key] === 'function') throw new ConfigError(`${where}: plugin "${p.name}" has an unknown hook "${key}": expected one of ${HOOKS.map((h) => `"${h}"`).join(', ')}.`);
      if (known && typeof fields[key] !== 'function') throw new ConfigError(`${where}: plugin "${p.name}": hook "${key}" is ${typeof fields[key]}: expected a function.`);
    }
  }
  const samplers = plugins.filter((p) => p.sampleBatch).map((p) => `"${p.name}"`);
  if (samplers.length > 1) throw new ConfigError(`${where}: plugins ${samplers.join(' and ')} both choose the new batch (sampleBatch): expected at most one.`);
}
