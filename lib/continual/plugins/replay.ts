import { ConfigError } from '../../errors';
import { rng } from '../../util/random';
import { ReservoirMemory } from '../reservoir-memory';
import type { ExampleRef, StrategyPlugin } from '../strategy-plugin';

/** Options for {@link replay}. */
export interface ReplayOptions {
  /** Examples the reservoir keeps. Default: 2000, as the authors. */
  memorySize?: number;
  /** Loss weight of the new batch; the memory batch gets 1 − w. Default: 0.5 (the authors use 0.3). */
  newDataWeight?: number;
}

/**
 * Experience replay: a reservoir memory of the examples trained on, and from the second task on
 * one memory batch (as large as the new batch) in every step.
 * @param options - memory size and the new batch's loss weight.
 * @returns the plugin (named "replay").
 * @throws ConfigError for a weight outside (0, 1] or a bad memory size.
 * @example
 * await trainContinual(stream, { strategy: replay({ memorySize: 2000, newDataWeight: 0.3 }) })
 */
export function replay(options: ReplayOptions = {}): StrategyPlugin {
  const w = options.newDataWeight ?? 0.5;
  if (!(w > 0 && w <= 1)) throw new ConfigError(`replay: newDataWeight is ${w}: expected a number in (0, 1].`);
  let memory: ReservoirMemory<ExampleRef> | undefined;
  return {
    name: 'replay',
    beforeTask(ctx) {
      // seeded apart from the batches, as before plugins existed
      memory ??= new ReservoirMemory<ExampleRef>(options.memorySize ?? 2000, rng(ctx.seed + 17));
    },
    extraBatch(ctx) {
      if (!memory || ctx.task === 0 || memory.size === 0) return undefined;
      return { refs: memory.sample(ctx.batchSize), weight: 1 - w };
    },
    afterStep(ctx) {
      for (const r of ctx.refs) memory!.add(r);
    },
  };
}
