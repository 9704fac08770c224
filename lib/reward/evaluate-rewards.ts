import * as tf from '@tensorflow/tfjs';
import * as aq from 'arquero';
import type { TableLike } from '../table/table-bundle';
import { checkFeatures, pairArrays } from './pair-data';
import type { PairModel } from './pair-model';

/** What {@link evaluatePairModel} measures, each next to its ceiling where one exists. */
export interface PreferenceMetrics {
  pairs: number;
  /** Share of pairs where the model's preferred side is the labelled one. */
  accuracy: number;
  /** E[max(p', 1 − p')]: the best any model can reach against these noisy labels. */
  bayesAccuracy: number;
  /** Mean −log P(label) under the model. */
  logLoss: number;
  /** Mean entropy of the true label distribution: the lowest achievable log-loss. */
  bayesLogLoss: number;
  /** Share of pairs ordered as r* orders them (labels aside). */
  orderingAccuracy: number;
  /** Expected calibration error over 10 bins of predicted P(a ≻ b). */
  ece: number;
}

/**
 * Per-pair predictions: the model's probability that a ≻ b.
 * @example
 * await pairProbabilities(rm, data.features, [0, 1], [2, 3]) // P(0 ≻ 2), P(1 ≻ 3)
 */
export async function pairProbabilities(model: PairModel, features: readonly (readonly number[])[], a: number[], b: number[]): Promise<number[]> {
  const x = tf.tensor2d(features as number[][]);
  const ia = tf.tensor1d(a, 'int32');
  const ib = tf.tensor1d(b, 'int32');
  const p = tf.tidy(() => tf.sigmoid(model.logit(tf.gather(x, ia) as tf.Tensor2D, tf.gather(x, ib) as tf.Tensor2D)));
  const out = Array.from(await p.data());
  tf.dispose([x, ia, ib, p]);
  return out;
}

/**
 * Reliability rows: predictions binned by predicted P(a ≻ b), with the observed frequency of
 * "a preferred" in each bin, and the expected calibration error
 * ECE = Σ_k (n_k / n)·|mean p in bin k − frequency in bin k|.
 *
 * Bin convention: `bins` equal-width bins [k/bins, (k+1)/bins), the last one closed at 1, as
 * numpy.histogram does, so p = 1 falls in the top bin with p ∈ [0.9, 1]. torchmetrics'
 * `BinaryCalibrationError` instead puts p = 1 in a bin of its own, so the two can differ when some
 * p are exactly 1: `reliability([0.95, 1.0], [1, 0], 10).ece` is 0.475 here (one bin: mean p
 * 0.975, frequency 0.5) and 0.525 in torchmetrics (two bins: |0.95 − 1| and |1 − 0| halved).
 * Sigmoid outputs reach exactly 1 only in float32 saturation (logits above about 17).
 * @param probabilities - predicted P(a ≻ b) per pair, in [0, 1].
 * @param labels - 1 where a was preferred, 0 where b was.
 * @param bins - number of equal-width bins. Default: 10.
 * @returns the rows (bin, predicted, observed, pairs; empty bins left out) and the ECE.
 * @example
 * reliability([0.9, 0.2, 0.7], [1, 0, 0]).ece
 */
export function reliability(probabilities: number[], labels: number[], bins = 10): { rows: aq.ColumnTable; ece: number } {
  const sum = new Array(bins).fill(0);
  const hits = new Array(bins).fill(0);
  const count = new Array(bins).fill(0);
  probabilities.forEach((p, i) => {
    const k = Math.min(bins - 1, Math.floor(p * bins));
    sum[k] += p;
    hits[k] += labels[i];
    count[k]++;
  });
  const rows = [];
  let ece = 0;
  for (let k = 0; k < bins; k++) {
    if (count[k] === 0) continue;
    const predicted = sum[k] / count[k];
    const observed = hits[k] / count[k];
    ece += (count[k] / probabilities.length) * Math.abs(predicted - observed);
    rows.push({ bin: k, predicted, observed, pairs: count[k] });
  }
  return { rows: aq.from(rows), ece };
}

/**
 * Evaluates a pair model on labelled pairs whose truth is known (from `simulatePreferences`):
 * accuracy next to the Bayes ceiling, log-loss next to the Bayes log-loss, ordering accuracy on
 * r*, and calibration (ECE, with reliability rows to plot).
 * @param model - a trained reward or pairwise preference model.
 * @param features - item features, [items][dim].
 * @param pairs - a table with a, b, label and p (the annotators' true probability that a ≻ b).
 * @param rStar - the true reward of each item; when omitted, orderingAccuracy is NaN.
 * @returns the metrics and the reliability rows.
 * @throws DataFormatError for missing columns or bad labels; ShapeError for bad features.
 * @example
 * const { metrics } = await evaluatePairModel(rm, data.features, testPairs, data.rStar);
 */
export async function evaluatePairModel(model: PairModel, features: readonly (readonly number[])[], pairs: TableLike, rStar?: readonly number[]): Promise<{ metrics: PreferenceMetrics; reliability: aq.ColumnTable }> {
  const where = 'evaluatePairModel';
  checkFeatures(where, features);
  const p = pairArrays(where, pairs, features.length);
  const truth = pairs.columnNames().includes('p') ? ((pairs.objects() as Record<string, unknown>[]).map((r) => r.p as number)) : undefined;
  const prob = await pairProbabilities(model, features, p.a, p.b);
  const n = prob.length;
  const clip = (v: number) => Math.min(1 - 1e-7, Math.max(1e-7, v));
  let acc = 0, logLoss = 0, order = 0, bayesAcc = 0, bayesLoss = 0;
  prob.forEach((q, i) => {
    const y = p.label[i];
    acc += (q > 0.5 ? 1 : 0) === y ? 1 : 0;
    logLoss -= y === 1 ? Math.log(clip(q)) : Math.log(clip(1 - q));
    if (rStar) order += Math.sign(q - 0.5) === Math.sign(rStar[p.a[i]] - rStar[p.b[i]]) ? 1 : 0;
    if (truth) {
      const t = truth[i];
      bayesAcc += Math.max(t, 1 - t);
      bayesLoss -= t * Math.log(clip(t)) + (1 - t) * Math.log(clip(1 - t));
    }
  });
  const rel = reliability(prob, p.label);
  return {
    metrics: {
      pairs: n,
      accuracy: acc / n,
      bayesAccuracy: truth ? bayesAcc / n : NaN,
      logLoss: logLoss / n,
      bayesLogLoss: truth ? bayesLoss / n : NaN,
      orderingAccuracy: rStar ? order / n : NaN,
      ece: rel.ece,
    },
    reliability: rel.rows,
  };
}
