import type * as tf from '@tensorflow/tfjs';
import { ConfigError, describeValue, unknownKeywordMessage } from '../../errors';
import { conservativeDpoLoss, type ConservativeDpoLoss } from './conservative-dpo';
import { dpoLoss, type DpoLoss } from './dpo';
import { hingeLoss, type HingeLoss } from './hinge';
import { ipoLoss, type IpoLoss } from './ipo';
import { ktoLoss, type KtoLoss } from './kto';
import type { PreferenceBatch } from './preference-batch';
import { robustDpoLoss, type RobustDpoLoss } from './robust-dpo';
import { simpoLoss, type SimpoLoss } from './simpo';

/**
 * A loss written in a notebook: any function of a {@link PreferenceBatch} returning a scalar
 * tensor (differentiable in the policy's log-probabilities).
 */
export interface CustomLoss {
  kind: 'custom';
  /** Name shown in tables. */
  name: string;
  /** The loss of a batch. */
  loss: (batch: PreferenceBatch) => tf.Scalar;
}

/** Every preference loss the offline and online trainers accept, by `kind`. */
export type PreferenceLoss = DpoLoss | IpoLoss | HingeLoss | ConservativeDpoLoss | RobustDpoLoss | SimpoLoss | KtoLoss | CustomLoss;

/** The kinds of {@link PreferenceLoss}. */
export const LOSS_KINDS = ['dpo', 'ipo', 'hinge', 'cdpo', 'robust', 'simpo', 'kto', 'custom'] as const;

function positive(where: string, kind: string, name: string, v: unknown, allowZero = false): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new ConfigError(`${where}: loss "${kind}" has ${name} = ${describeValue(v)}: expected a finite number ${allowZero ? '≥' : '>'} 0.`);
  }
}

/**
 * Checks a loss configuration once, before training, so a typo fails at once and not at the
 * first step: the kind is known, β is a finite number > 0, label smoothing is in [0, 0.5),
 * margins and weights are ≥ 0, a custom loss has a name and a function.
 * @param config - a {@link PreferenceLoss} (or anything read from JSON).
 * @returns the same configuration, typed.
 * @throws ConfigError naming the bad field, its value and the allowed range or kinds.
 * @example
 * parsePreferenceLoss({ kind: 'ipo', beta: 0.1 })
 */
export function parsePreferenceLoss(config: unknown, where = 'parsePreferenceLoss'): PreferenceLoss {
  if (typeof config !== 'object' || config === null) throw new ConfigError(`${where}: the loss is ${describeValue(config)}: expected an object such as { kind: "dpo", beta: 0.1 }.`);
  const c = config as Record<string, unknown>;
  const kind = c.kind as PreferenceLoss['kind'];
  if (!(LOSS_KINDS as readonly string[]).includes(kind)) throw new ConfigError(unknownKeywordMessage(where, 'loss kind', c.kind, LOSS_KINDS));
  if (kind === 'custom') {
    if (typeof c.name !== 'string' || c.name === '') throw new ConfigError(`${where}: a custom loss needs a name (shown in tables), got ${describeValue(c.name)}.`);
    if (typeof c.loss !== 'function') throw new ConfigError(`${where}: custom loss "${c.name}" has loss = ${describeValue(c.loss)}: expected a function (batch) => tf.Scalar.`);
    return c as unknown as CustomLoss;
  }
  positive(where, kind, 'beta', c.beta);
  if (kind === 'cdpo' || kind === 'robust') {
    const e = c.labelSmoothing;
    if (typeof e !== 'number' || !(e >= 0 && e < 0.5)) throw new ConfigError(`${where}: loss "${kind}" has labelSmoothing = ${describeValue(e)}: expected the label flip rate ε in [0, 0.5).`);
  }
  if (kind === 'simpo' && c.gamma !== undefined) positive(where, kind, 'gamma', c.gamma, true);
  if (kind === 'kto') {
    if (c.desirableWeight !== undefined) positive(where, kind, 'desirableWeight', c.desirableWeight);
    if (c.undesirableWeight !== undefined) positive(where, kind, 'undesirableWeight', c.undesirableWeight);
  }
  return c as unknown as PreferenceLoss;
}

/**
 * The value of a preference loss on a batch: one exhaustive switch over the kinds.
 * @param loss - a parsed {@link PreferenceLoss}.
 * @param batch - policy and reference log-probabilities of the pairs.
 * @returns a scalar tensor.
 * @example
 * preferenceLoss({ kind: 'dpo', beta: 0.1 }, batch)
 */
export function preferenceLoss(loss: PreferenceLoss, batch: PreferenceBatch): tf.Scalar {
  switch (loss.kind) {
    case 'dpo': return dpoLoss(batch, loss.beta);
    case 'ipo': return ipoLoss(batch, loss.beta);
    case 'hinge': return hingeLoss(batch, loss.beta);
    case 'cdpo': return conservativeDpoLoss(batch, loss.beta, loss.labelSmoothing);
    case 'robust': return robustDpoLoss(batch, loss.beta, loss.labelSmoothing);
    case 'simpo': return simpoLoss(batch, loss.beta, loss.gamma ?? 0.5);
    case 'kto': return ktoLoss(batch, loss.beta, loss.desirableWeight ?? 1, loss.undesirableWeight ?? 1);
    case 'custom': return loss.loss(batch);
    default: {
      const never: never = loss;
      throw new ConfigError(unknownKeywordMessage('preferenceLoss', 'loss kind', (never as { kind: unknown }).kind, LOSS_KINDS));
    }
  }
}

/**
 * A short label of a loss for tables: "dpo", "cdpo ε=0.1", or a custom loss's name.
 * @example
 * lossLabel({ kind: 'robust', beta: 0.1, labelSmoothing: 0.2 }) // "robust ε=0.2"
 */
export function lossLabel(loss: PreferenceLoss): string {
  if (loss.kind === 'custom') return loss.name;
  if (loss.kind === 'cdpo' || loss.kind === 'robust') return `${loss.kind} ε=${loss.labelSmoothing}`;
  return loss.kind;
}
