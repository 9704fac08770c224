import { ConfigError } from '../../errors';
import { OnlineEwc } from '../online-ewc';
import type { StrategyPlugin } from '../strategy-plugin';

/** Options for {@link onlineEwc}. */
export interface OnlineEwcOptions {
  /** Weight λ of the penalty. Default: 100. */
  lambda?: number;
  /** Examples used to estimate the Fisher after each task. Default: 500. */
  fisherSamples?: number;
}

/**
 * Online EWC as a plugin: after each task the Fisher is estimated and added up, and every later
 * step adds the penalty (λ/2)·Σ F·(θ − θ*)².
 * @param options - λ and the Fisher sample size.
 * @returns the plugin (named "EWC").
 * @throws ConfigError for a negative λ or a sample size under 1.
 * @example
 * await trainContinual(stream, { strategy: onlineEwc({ lambda: 100 }) })
 */
export function onlineEwc(options: OnlineEwcOptions = {}): StrategyPlugin {
  const lambda = options.lambda ?? 100;
  const samples = options.fisherSamples ?? 500;
  if (!(lambda >= 0)) throw new ConfigError(`onlineEwc: lambda is ${lambda}: expected a number ≥ 0.`);
  if (!Number.isInteger(samples) || samples < 1) throw new ConfigError(`onlineEwc: fisherSamples is ${samples}: expected a positive integer.`);
  const ewc = new OnlineEwc(lambda, samples);
  return {
    name: 'EWC',
    lossTerm: () => (ewc.ready ? { weights: (w) => ewc.penalty(w)! } : undefined),
    afterTask: (ctx) => ewc.update(ctx),
    dispose: () => ewc.dispose(),
  };
}
