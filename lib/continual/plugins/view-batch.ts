import { ConfigError } from '../../errors';
import type { StrategyPlugin } from '../strategy-plugin';
import { viewBatchRefs } from '../view-batch';

/** Options for {@link viewBatch}. */
export interface ViewBatchOptions {
  /** Views per example, V. Default: 4. */
  views?: number;
  /** Largest pixel shift of a view. Default: 2. */
  maxShift?: number;
}

/**
 * The "rest" schedule of "Do your best and get enough rest for continual learning" (Kim et al.,
 * CVPR 2025), as its view-batch model: B/V examples × V shifted views per step, so each example
 * comes back V times less often. (The paper's one-to-many self-supervised loss is not included.)
 * Combine it with replay or LwF: it only chooses the new batch.
 * @param options - V and the largest shift.
 * @returns the plugin (named "view-batch (V views)").
 * @throws ConfigError for V under 1 or a negative shift.
 * @example
 * await trainContinual(stream, { strategy: [viewBatch({ views: 4 }), replay()] })
 */
export function viewBatch(options: ViewBatchOptions = {}): StrategyPlugin {
  const views = options.views ?? 4;
  const maxShift = options.maxShift ?? 2;
  if (!Number.isInteger(views) || views < 1) throw new ConfigError(`viewBatch: views is ${views}: expected a positive integer.`);
  if (!Number.isInteger(maxShift) || maxShift < 0) throw new ConfigError(`viewBatch: maxShift is ${maxShift}: expected an integer ≥ 0.`);
  return {
    name: `view-batch (${views} views)`,
    sampleBatch: (ctx) => viewBatchRefs(ctx, views, maxShift),
  };
}
