import * as aq from 'arquero';
import { ConfigError } from '../errors';
import { rng, type Rng } from '../util/random';
import type { RewardModel } from './pair-model';

/** Options for {@link bestOfN}. */
export interface BestOfNOptions {
  /** Draws one candidate's features. */
  propose: (rand: Rng) => number[];
  /** The learned (proxy) reward that picks the best candidate. */
  proxy: RewardModel;
  /** The true reward r*, to measure what the selection really gained. */
  trueReward: (x: readonly number[]) => number;
  /** Values of N. Default: 1, 2, 4, …, 256. */
  ns?: number[];
  /** Selections averaged per N. Default: 200. */
  trials?: number;
  /** Seed. Default: 0. */
  seed?: number;
}

/**
 * Best-of-N selection with a learned reward: for each N, draw N candidates, keep the one the proxy
 * scores highest, and record its proxy and true reward (means over trials), next to the oracle
 * that picks by r*. When the proxy's errors grow in the tails, the true reward of the chosen item
 * stalls or falls while the proxy keeps rising: over-optimisation. Also reports the analytic KL
 * of best-of-N to the base distribution, log N − (N − 1)/N.
 * @returns rows n, kl, proxy_reward, true_reward, oracle_true_reward.
 * @throws ConfigError for N < 1 or non-integer N.
 * @example
 * const rows = await bestOfN({ propose: (r) => sampleItem(16, r), proxy: rm, trueReward: data.trueReward });
 */
export async function bestOfN(options: BestOfNOptions): Promise<aq.ColumnTable> {
  const ns = options.ns ?? [1, 2, 4, 8, 16, 32, 64, 128, 256];
  for (const n of ns) if (!Number.isInteger(n) || n < 1) throw new ConfigError(`bestOfN: N = ${n}: expected integers ≥ 1.`);
  const trials = options.trials ?? 200;
  const rand = rng(options.seed ?? 0);
  const maxN = Math.max(...ns);
  // One pool of candidates per trial, shared by every N (prefixes), so curves are comparable.
  const pools = Array.from({ length: trials }, () => Array.from({ length: maxN }, () => options.propose(rand)));
  const proxy = await options.proxy.score(pools.flat());
  const truth = pools.flat().map(options.trueReward);
  const rows = ns.map((n) => {
    let p = 0, t = 0, o = 0;
    for (let trial = 0; trial < trials; trial++) {
      let best = trial * maxN;
      let oracle = -Infinity;
      for (let k = trial * maxN; k < trial * maxN + n; k++) {
        if (proxy[k] > proxy[best]) best = k;
        oracle = Math.max(oracle, truth[k]);
      }
      p += proxy[best];
      t += truth[best];
      o += oracle;
    }
    return { n, kl: Math.log(n) - (n - 1) / n, proxy_reward: p / trials, true_reward: t / trials, oracle_true_reward: o / trials };
  });
  return aq.from(rows);
}
