import * as aq from 'arquero';
import { rng } from '../util/random';
import type { BanditWorld } from './bandit-world';
import { checkCount, checkPositive } from './check-inputs';
import { iterateRounds, type IterativeNashOptions } from './inpo';
import { annotatorPreference, sampleIndex } from './preference-pairs';
import type { SoftmaxPolicy } from './softmax-policy';

/**
 * DNO (Rosset et al. 2024, direct Nash optimisation), batched on-policy: each round draws
 * `candidates` responses per context from π_t, estimates each one's win rate against the others
 * from annotator labels, keeps the best and worst when their gap is at least `minGap`, and runs
 * DPO (β = η) with π_t as the reference: a step toward π_t·exp(P(y ≻ π_t)/η).
 * @param world - a world with a preference matrix.
 * @param options - see {@link IterativeNashOptions}.
 * @returns the policy and its history (measured with β = τ).
 * @throws ConfigError for τ ≤ 0, η ≤ 0 or a bad count.
 * @example
 * const { history } = await dno(cyclicWorld({ seed: 1 }), { tau: 0.1 });
 */
export async function dno(world: BanditWorld, options: IterativeNashOptions): Promise<{ policy: SoftmaxPolicy; history: aq.ColumnTable }> {
  const tau = checkPositive('dno', 'tau', options.tau);
  const eta = checkPositive('dno', 'eta', options.eta ?? 0.5);
  const n = checkCount('dno', 'candidates', options.candidates ?? 4, 2);
  const count = checkCount('dno', 'pairsPerRound', options.pairsPerRound ?? 8000);
  const minGap = options.minGap ?? 0.1;
  const P = annotatorPreference(world, options.annotator);
  return iterateRounds(world, options, 'dno', async (probs, seed) => {
    const rand = rng(seed);
    const cols = { context: [] as number[], chosen: [] as number[], rejected: [] as number[] };
    for (let tries = 0; cols.context.length < count && tries < 20 * count; tries++) {
      const c = Math.floor(rand() * world.contexts);
      const ys = Array.from({ length: n }, () => sampleIndex(probs[c], rand));
      // each candidate's win rate against the others, from one Bernoulli label per comparison
      const wins = ys.map((y, i) => ys.reduce((s, z, j) => s + (i !== j && rand() < P[c][y][z] ? 1 : 0), 0) / (n - 1));
      const hi = wins.indexOf(Math.max(...wins)), lo = wins.indexOf(Math.min(...wins));
      if (ys[hi] === ys[lo] || wins[hi] - wins[lo] < minGap) continue;
      cols.context.push(c);
      cols.chosen.push(ys[hi]);
      cols.rejected.push(ys[lo]);
    }
    return { pairs: aq.table(cols), reference: probs, loss: { kind: 'dpo', beta: eta } };
  }, tau);
}

