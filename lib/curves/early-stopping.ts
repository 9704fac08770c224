import { ConfigError, NumericError } from '../errors';
import type { Extrapolation } from './extrapolate';

/** P(y(x_lim) > y_best) from predictive samples, with how many samples it rests on. */
export interface BeatProbability {
  /** Share of the finite samples above y_best. */
  probability: number;
  /** Finite samples used. */
  used: number;
  /** Non-finite samples (NaN, ±Infinity) left out, as the authors' code masks them. */
  dropped: number;
}

/**
 * P(y(x_lim) > y_best) with its sample counts: the share of finite predictive samples at the
 * horizon above y_best. Non-finite samples (a family evaluated outside its domain) are masked, as
 * `np.ma.masked_invalid` does in Domhan et al.'s code, and counted in `dropped`; counting them in
 * the denominator would bias the probability toward stopping.
 * @param extrapolation - from `extrapolateCurve` or `mcmcExtrapolate`, predicting at x_lim.
 * @param yBest - the best final value of earlier runs.
 * @param xLim - which predicted x to use. Default: the largest.
 * @returns the probability and the numbers of used and dropped samples.
 * @throws ConfigError when there is no prediction at xLim or yBest is NaN; NumericError when no sample is finite.
 * @example
 * beatProbability(extrapolateCurve(x, y, [50]), 0.87).dropped
 */
export function beatProbability(extrapolation: Extrapolation, yBest: number, xLim?: number): BeatProbability {
  if (Number.isNaN(yBest)) throw new ConfigError('probabilityToBeat: yBest is NaN: expected the best final value so far (use -Infinity before any run has finished).');
  const target = xLim ?? Math.max(...extrapolation.xs);
  const i = extrapolation.xs.indexOf(target);
  if (i < 0) throw new ConfigError(`probabilityToBeat: the extrapolation has no prediction at x = ${target}: it predicts at ${extrapolation.xs.join(', ')}.`);
  let above = 0;
  let used = 0;
  for (const v of extrapolation.samples[i]) {
    if (!Number.isFinite(v)) continue;
    used++;
    if (v > yBest) above++;
  }
  const dropped = extrapolation.samples[i].length - used;
  if (used === 0) throw new NumericError(`probabilityToBeat: none of the ${dropped} samples at x = ${target} is finite: the extrapolation failed; check its fits.`);
  return { probability: above / used, used, dropped };
}

/**
 * P(y(x_lim) > y_best): the share of finite predictive samples at the horizon above the best
 * value seen so far in other runs (non-finite samples are masked; {@link beatProbability} says how
 * many).
 * @param extrapolation - from `extrapolateCurve` or `mcmcExtrapolate`, predicting at x_lim.
 * @param yBest - the best final value of earlier runs.
 * @param xLim - which predicted x to use. Default: the largest.
 * @returns the probability.
 * @throws ConfigError when there is no prediction at xLim; NumericError when no sample is finite.
 * @example
 * probabilityToBeat(extrapolateCurve(x, y, [50]), 0.87)
 */
export function probabilityToBeat(extrapolation: Extrapolation, yBest: number, xLim?: number): number {
  return beatProbability(extrapolation, yBest, xLim).probability;
}

/**
 * The early-stopping rule of Domhan et al.: stop a run when P(y(x_lim) > y_best) < threshold.
 * @param threshold - Default: 0.05.
 * @returns whether to stop, the probability, and how many non-finite samples were left out.
 * @throws ConfigError for a threshold outside (0, 1), see also {@link beatProbability}.
 * @example
 * shouldStopEarly(extrapolateCurve(x, y, [50]), 0.87).stop
 */
export function shouldStopEarly(extrapolation: Extrapolation, yBest: number, threshold = 0.05, xLim?: number): { stop: boolean; probability: number; dropped: number } {
  if (!(threshold > 0 && threshold < 1)) throw new ConfigError(`shouldStopEarly: threshold is ${threshold}: expected a probability in (0, 1).`);
  const { probability, dropped } = beatProbability(extrapolation, yBest, xLim);
  return { stop: probability < threshold, probability, dropped };
}
