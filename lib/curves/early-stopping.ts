import { ConfigError } from '../errors';
import type { Extrapolation } from './extrapolate';

/**
 * P(y(x_lim) > y_best): the share of predictive samples at the horizon above the best value seen
 * so far in other runs.
 * @param extrapolation - from `extrapolateCurve` or `mcmcExtrapolate`, predicting at x_lim.
 * @param yBest - the best final value of earlier runs.
 * @param xLim - which predicted x to use. Default: the largest.
 * @example
 * probabilityToBeat(extrapolateCurve(x, y, [50]), 0.87)
 */
export function probabilityToBeat(extrapolation: Extrapolation, yBest: number, xLim?: number): number {
  const target = xLim ?? Math.max(...extrapolation.xs);
  const i = extrapolation.xs.indexOf(target);
  if (i < 0) throw new ConfigError(`probabilityToBeat: the extrapolation has no prediction at x = ${target}: it predicts at ${extrapolation.xs.join(', ')}.`);
  const s = extrapolation.samples[i];
  return s.filter((v) => v > yBest).length / s.length;
}

/**
 * The early-stopping rule of Domhan et al.: stop a run when P(y(x_lim) > y_best) < threshold.
 * @param threshold - Default: 0.05.
 * @returns whether to stop, and the probability.
 * @example
 * shouldStopEarly(extrapolateCurve(x, y, [50]), 0.87).stop
 */
export function shouldStopEarly(extrapolation: Extrapolation, yBest: number, threshold = 0.05, xLim?: number): { stop: boolean; probability: number } {
  if (!(threshold > 0 && threshold < 1)) throw new ConfigError(`shouldStopEarly: threshold is ${threshold}: expected a probability in (0, 1).`);
  const probability = probabilityToBeat(extrapolation, yBest, xLim);
  return { stop: probability < threshold, probability };
}
