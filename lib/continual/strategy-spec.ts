import { ConfigError, unknownKeywordMessage } from '../errors';
import { joint, onlineEwc, replay } from './plugins/index';
import type { StrategyPlugin } from './strategy-plugin';

/** The built-in strategies as data (a shorthand for their plugins). */
export type Strategy =
  /** Plain training on the current task. */
  | { kind: 'finetune' }
  /** Experience replay: a reservoir memory of past examples mixed into every step. */
  | { kind: 'replay'; /** Default: 2000. */ memorySize?: number; /** Loss weight of the new batch; the memory batch gets 1 − w. Default: 0.5. */ newDataWeight?: number }
  /** Incremental joint training: every step samples from all tasks seen so far (full replay). */
  | { kind: 'joint' }
  /** Online EWC (Kirkpatrick et al. 2017; Schwarz et al. 2018): a quadratic pull toward the last task's weights, weighted by the accumulated diagonal Fisher. */
  | { kind: 'ewc'; /** Default: 100. */ lambda?: number; /** Examples used to estimate the Fisher. Default: 500. */ fisherSamples?: number };

const KINDS = ['finetune', 'replay', 'joint', 'ewc'] as const;

/**
 * The plugins of a strategy given as data, as a plugin, or as several plugins.
 * @param where - the caller, for messages.
 * @returns a fresh list of plugins (built-in ones carry state: build them per run).
 * @throws ConfigError for an unknown kind.
 * @example
 * toPlugins('trainContinual', { kind: 'replay', memorySize: 2000 }) // [replay plugin]
 */
export function toPlugins(where: string, strategy: Strategy | StrategyPlugin | readonly StrategyPlugin[]): StrategyPlugin[] {
  if (Array.isArray(strategy)) return [...strategy];
  if (typeof strategy === 'object' && strategy !== null && 'kind' in strategy) {
    const s = strategy as Strategy;
    switch (s.kind) {
      case 'finetune':
        return [{ name: 'fine-tuning' }];
      case 'replay':
        return [replay({ memorySize: s.memorySize, newDataWeight: s.newDataWeight })];
      case 'joint':
        return [joint()];
      case 'ewc':
        return [onlineEwc({ lambda: s.lambda, fisherSamples: s.fisherSamples })];
      default:
        throw new ConfigError(unknownKeywordMessage(where, 'strategy kind', (s as { kind: unknown }).kind, KINDS));
    }
  }
  return [strategy as StrategyPlugin];
}
