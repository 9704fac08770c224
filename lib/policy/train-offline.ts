import * as tf from '@tensorflow/tfjs';
import * as aq from 'arquero';
import { ConfigError, NumericError } from '../errors';
import type { TableLike } from '../table/table-bundle';
import { rng, shuffledBatches } from '../util/random';
import type { BanditWorld } from './bandit-world';
import { checkCount, checkDistributions, checkPositive } from './check-inputs';
import { lossLabel, parsePreferenceLoss, preferenceLoss, type PreferenceLoss } from './losses/index';
import { metricsRow, type MetricsRow } from './metrics-row';
import { pairIndices } from './preference-pairs';
import { SoftmaxPolicy, gatherEntries, logTable, type PolicyKind } from './softmax-policy';

/** Options for {@link trainOffline}. */
export interface TrainOfflineOptions {
  /** The preference loss (checked before training). */
  loss: PreferenceLoss;
  /** A policy to keep training, or the kind of a fresh one at π_ref. Default: "linear". */
  policy?: PolicyKind | SoftmaxPolicy;
  /** The reference in the loss, [contexts][responses]. Default: the world's π_ref. */
  reference?: readonly (readonly number[])[];
  /** Adam steps. Default: 400. */
  steps?: number;
  /** Pairs per step; 0 for the whole data set. Default: 256. */
  batchSize?: number;
  /** Adam learning rate. Default: 0.05. */
  learningRate?: number;
  /** Steps between measurements. Default: 50. */
  evalEvery?: number;
  /** β the policy is measured at (KL to π*_β, exploitability at τ = β). Default: the loss's β. */
  beta?: number;
  /** Label in the table's method column. Default: the loss's label. */
  method?: string;
  /** Seed of the mini-batches. Default: 0. */
  seed?: number;
  /** First value of the step column (to continue a run's table). Default: 0. */
  stepOffset?: number;
  /** Called with each measurement row (progress). */
  onEval?: (row: MetricsRow) => void | Promise<void>;
}

/**
 * Trains a softmax policy offline on labelled pairs with a preference loss (DPO and its
 * variants), measuring it against the world's exact truth as it goes.
 * @param world - the bandit the pairs come from.
 * @param pairs - a table with context, chosen, rejected (as `samplePreferencePairs` writes).
 * @param options - loss, policy, schedule; see {@link TrainOfflineOptions}.
 * @returns the trained policy and its history (step, method, beta, expected_reward, kl_ref,
 *   kl_optimum, win_rate, exploitability, exploitability_unregularised, loss).
 * @throws ConfigError for a bad loss or option; ShapeError for empty data or a reference of the
 *   wrong shape; DataFormatError for bad pair rows; NumericError when the loss diverges.
 * @example
 * const { policy, history } = await trainOffline(world, pairs, { loss: { kind: 'dpo', beta: 0.5 } });
 */
export async function trainOffline(world: BanditWorld, pairs: TableLike, options: TrainOfflineOptions): Promise<{ policy: SoftmaxPolicy; history: aq.ColumnTable }> {
  const where = 'trainOffline';
  const loss = parsePreferenceLoss(options.loss, where);
  const beta = options.beta ?? ('beta' in loss ? loss.beta : undefined);
  if (beta === undefined) throw new ConfigError(`${where}: a custom loss has no β: pass options.beta, the β to measure the policy at.`);
  checkPositive(where, 'beta', beta);
  const idx = pairIndices(where, pairs, world);
  const reference = options.reference ?? world.reference;
  checkDistributions(where, 'reference', reference, world.contexts, world.responses);
  const steps = checkCount(where, 'steps', options.steps ?? 400, 0);
  const evalEvery = checkCount(where, 'evalEvery', options.evalEvery ?? 50);
  const n = idx.context.length;
  const batchSize = Math.min(n, checkCount(where, 'batchSize', options.batchSize ?? 256, 0) || n);
  const method = options.method ?? lossLabel(loss);
  const policy = options.policy instanceof SoftmaxPolicy ? options.policy : new SoftmaxPolicy(world, options.policy ?? 'linear');
  const K = world.responses;
  const flatChosen = Int32Array.from(idx.chosen, (y, i) => idx.context[i] * K + y);
  const flatRejected = Int32Array.from(idx.rejected, (y, i) => idx.context[i] * K + y);
  const logRef = logTable(reference);
  const optimizer = tf.train.adam(options.learningRate ?? 0.05);
  const rand = rng(options.seed ?? 0);
  const offset = options.stepOffset ?? 0;
  const rows: MetricsRow[] = [];
  const measure = async (step: number, lossValue: number) => {
    const row = metricsRow(world, await policy.probabilities(), offset + step, method, beta, { loss: lossValue });
    rows.push(row);
    if (options.onEval) await options.onEval(row);
  };
  const nextBatch = shuffledBatches(n, batchSize, rand);
  let last = NaN;
  try {
    await measure(0, NaN);
    for (let step = 1; step <= steps; step++) {
      const pick = nextBatch();
      const ci = tf.tensor1d(Int32Array.from(pick, (i) => flatChosen[i]), 'int32');
      const ri = tf.tensor1d(Int32Array.from(pick, (i) => flatRejected[i]), 'int32');
      const value = optimizer.minimize(() => {
        const logp = policy.logProbs();
        return preferenceLoss(loss, {
          policyChosen: gatherEntries(logp, ci),
          policyRejected: gatherEntries(logp, ri),
          referenceChosen: gatherEntries(logRef, ci),
          referenceRejected: gatherEntries(logRef, ri),
        });
      }, true, [policy.weights])!;
      tf.dispose([ci, ri]);
      if (step % evalEvery === 0 || step === steps) {
        last = (await value.data())[0];
        if (!Number.isFinite(last)) throw new NumericError(`${where}: the ${method} loss became ${last} at step ${step}. Lower learningRate.`);
        await measure(step, last);
      }
      value.dispose();
    }
  } finally {
    optimizer.dispose();
    logRef.dispose();
  }
  return { policy, history: aq.from(rows) };
}
