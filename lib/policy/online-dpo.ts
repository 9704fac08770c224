import * as aq from 'arquero';
import type { Annotator } from '../reward/simulate-preferences';
import { rng } from '../util/random';
import type { BanditWorld } from './bandit-world';
import { checkCount, checkMatrix } from './check-inputs';
import { lossLabel, parsePreferenceLoss, type PreferenceLoss } from './losses/index';
import type { MetricsRow } from './metrics-row';
import { samplePreferencePairs } from './preference-pairs';
import { sampleBatch } from './policy-sampling';
import { SoftmaxPolicy, type PolicyKind } from './softmax-policy';
import { trainOffline } from './train-offline';

/** Options for {@link onlineIterativeDpo}. */
export interface OnlineDpoOptions {
  /** The preference loss of each round. */
  loss: PreferenceLoss;
  /** Rounds of sample, label, train. Default: 5. */
  rounds?: number;
  /** Labelled pairs per round (the labelling budget is rounds × pairsPerRound). Default: 2000. */
  pairsPerRound?: number;
  /**
   * A reward model's scores, [contexts][responses]: each round draws `candidates` responses per
   * context and pairs the best with the worst (as "RLHF Workflow" does). Default: none, and two
   * responses are labelled by the annotator instead.
   */
  reward?: readonly (readonly number[])[];
  /** Responses drawn per context when a reward picks best and worst. Default: 4. */
  candidates?: number;
  /** Who labels when no reward is given. Default: the world's true preference. */
  annotator?: Annotator;
  /** DPO's reference each round: the initial π_ref or the previous round's policy. Default: "initial". */
  reference?: 'initial' | 'previous';
  /** Train each round on every pair labelled so far (true) or only on the round's own (false). Default: true. */
  keepHistory?: boolean;
  /** Adam steps per round. Default: 100. */
  stepsPerRound?: number;
  /** Pairs per step. Default: 256. */
  batchSize?: number;
  /** Adam learning rate. Default: 0.05. */
  learningRate?: number;
  /** β the policy is measured at. Default: the loss's β. */
  beta?: number;
  /** A policy to keep training, or the kind of a fresh one. Default: "linear". */
  policy?: PolicyKind | SoftmaxPolicy;
  /** Label in the method column. Default: "online " + the loss's label. */
  method?: string;
  /** Seed. Default: 0. */
  seed?: number;
  /** Called with each measurement row (progress). */
  onEval?: (row: MetricsRow) => void | Promise<void>;
}

/**
 * Online iterative DPO ("RLHF Workflow", Xiong et al. 2024; Dong et al. 2024): each round samples
 * responses from the current policy, labels them (best and worst by a reward model, or a pair by
 * the annotators), and runs the preference loss on that round's pairs, against the initial or
 * the previous policy as reference. The labels follow the policy to where it now puts its mass.
 * @param world - the bandit.
 * @param options - loss, rounds, labelling; see {@link OnlineDpoOptions}.
 * @returns the policy and the history over all rounds (step counts Adam steps; pairs = labels used so far).
 * @throws ConfigError for a bad loss or count; ShapeError for a reward table of the wrong shape.
 * @example
 * const { history } = await onlineIterativeDpo(world, { loss: { kind: 'dpo', beta: 0.5 }, rounds: 4, pairsPerRound: 1000 });
 */
export async function onlineIterativeDpo(world: BanditWorld, options: OnlineDpoOptions): Promise<{ policy: SoftmaxPolicy; history: aq.ColumnTable }> {
  const where = 'onlineIterativeDpo';
  const loss = parsePreferenceLoss(options.loss, where);
  const rounds = checkCount(where, 'rounds', options.rounds ?? 5);
  const perRound = checkCount(where, 'pairsPerRound', options.pairsPerRound ?? 2000);
  const n = checkCount(where, 'candidates', options.candidates ?? 4, 2);
  const steps = checkCount(where, 'stepsPerRound', options.stepsPerRound ?? 100);
  if (options.reward) checkMatrix(where, 'reward', options.reward, world.contexts, world.responses);
  const policy = options.policy instanceof SoftmaxPolicy ? options.policy : new SoftmaxPolicy(world, options.policy ?? 'linear');
  const method = options.method ?? `online ${lossLabel(loss)}`;
  const rand = rng(options.seed ?? 0);
  const tables: aq.ColumnTable[] = [];
  let seen: aq.ColumnTable | undefined;
  for (let round = 0; round < rounds; round++) {
    const probs = await policy.probabilities();
    const seed = Math.floor(rand() * 2 ** 31);
    const pairs = options.reward ? bestWorstPairs(probs, options.reward, perRound, n, seed) : samplePreferencePairs(world, { pairs: perRound, policy: probs, annotator: options.annotator, seed });
    seen = seen && options.keepHistory !== false ? seen.concat(pairs.select('context', 'chosen', 'rejected')) : pairs.select('context', 'chosen', 'rejected');
    const { history } = await trainOffline(world, seen, {
      loss, policy, steps, batchSize: options.batchSize, learningRate: options.learningRate, beta: options.beta, method,
      reference: options.reference === 'previous' ? probs : world.reference,
      evalEvery: steps, stepOffset: round * steps, seed, onEval: options.onEval,
    });
    const kept = round === 0 ? history : history.filter(`d => d.step > ${round * steps}`);
    tables.push(kept.derive({ pairs: `d => d.step === ${round * steps} ? ${round * perRound} : ${(round + 1) * perRound}` }));
  }
  return { policy, history: tables.reduce((a, b) => a.concat(b)) };
}

/** Pairs the best and the worst of n draws per context by a reward (ties: skipped and redrawn). */
function bestWorstPairs(probs: number[][], reward: readonly (readonly number[])[], count: number, n: number, seed: number): aq.ColumnTable {
  const rand = rng(seed);
  const cols = { context: [] as number[], chosen: [] as number[], rejected: [] as number[] };
  for (let tries = 0; cols.context.length < count && tries < 100 * count; tries++) {
    const b = sampleBatch(probs, 1, n, rand);
    const c = b.context[0];
    let hi = b.response[0], lo = b.response[0];
    for (const y of b.response) {
      if (reward[c][y] > reward[c][hi]) hi = y;
      if (reward[c][y] < reward[c][lo]) lo = y;
    }
    if (hi === lo) continue;
    cols.context.push(c);
    cols.chosen.push(hi);
    cols.rejected.push(lo);
  }
  return aq.table(cols);
}
