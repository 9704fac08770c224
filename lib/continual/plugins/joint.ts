import type { StrategyPlugin } from '../strategy-plugin';

/**
 * Incremental joint training (full replay): every step samples its batch from all tasks seen so
 * far. An upper bound for rehearsal, and it still shows the stability gap.
 * @returns the plugin (named "joint (full replay)").
 * @example
 * await trainContinual(stream, { strategy: joint() })
 */
export function joint(): StrategyPlugin {
  return {
    name: 'joint (full replay)',
    sampleBatch: (ctx) => ctx.sample([...Array(ctx.task + 1).keys()], ctx.batchSize),
  };
}
