import * as aq from 'arquero';
import { rng } from '../util/random';
import type { BanditWorld } from './bandit-world';
import { checkCount, checkFraction, checkPositive } from './check-inputs';
import { metricsRow, type MetricsRow } from './metrics-row';
import { sampleIndex } from './preference-pairs';

/** Options for {@link selfConsumingLoop}. */
export interface SelfConsumingOptions {
  /** Retraining generations. Default: 15. */
  generations?: number;
  /** Curated samples per context and generation (the new training set). Default: 200. */
  samples?: number;
  /** Candidates K shown to the curator per sample. Default: 4. */
  candidates?: number;
  /** The curator's Bradley-Terry inverse temperature on r*: it keeps candidate y with probability ∝ exp(β_c·r*(y)). Default: 2. */
  curatorBeta?: number;
  /** Share λ of each training set drawn from the real data (π_ref) instead. Default: 0. */
  realFraction?: number;
  /** β the policy is measured at. Default: 1. */
  beta?: number;
  /** Seed. Default: 0. */
  seed?: number;
}

/**
 * The curated self-consuming loop (Ferbach et al. 2024, "Self-consuming generative models with
 * curated data provably optimize human preferences"): each generation, the model draws K
 * candidates, a curator keeps one by a Bradley-Terry choice on r*, and the next model is fitted
 * (maximum likelihood, tabular with add-0.01 smoothing) to the curated samples, optionally mixed
 * with a share of real data. E[r*] rises toward the reward's maximisers while the entropy
 * (diversity) collapses; real data keeps it near π_ref.
 * @param world - the bandit; its π_ref is the first model and the real data.
 * @param options - see {@link SelfConsumingOptions}.
 * @returns rows per generation: step (generation), method, beta, the metrics, entropy (nats, mean over contexts).
 * @throws ConfigError for a bad count, a realFraction outside [0, 1) or β ≤ 0.
 * @example
 * const table = selfConsumingLoop(world, { generations: 10, realFraction: 0.2 });
 */
export function selfConsumingLoop(world: BanditWorld, options: SelfConsumingOptions = {}): aq.ColumnTable {
  const where = 'selfConsumingLoop';
  const generations = checkCount(where, 'generations', options.generations ?? 15, 0);
  const samples = checkCount(where, 'samples', options.samples ?? 200);
  const K = checkCount(where, 'candidates', options.candidates ?? 4);
  const curator = checkPositive(where, 'curatorBeta', options.curatorBeta ?? 2);
  const lambda = checkFraction(where, 'realFraction', options.realFraction ?? 0, 0, 1);
  const beta = checkPositive(where, 'beta', options.beta ?? 1);
  const rand = rng(options.seed ?? 0);
  const method = lambda > 0 ? `curated, ${Math.round(lambda * 100)}% real` : 'curated';
  const entropy = (probs: number[][]) => probs.reduce((s, pi) => s - pi.reduce((t, p) => t + (p > 0 ? p * Math.log(p) : 0), 0), 0) / probs.length;
  let model = world.reference.map((r) => r.slice());
  const rows: MetricsRow[] = [metricsRow(world, model, 0, method, beta, { entropy: entropy(model) })];
  for (let g = 1; g <= generations; g++) {
    model = model.map((pi, c) => {
      const counts = new Array(world.responses).fill(0.01);
      for (let s = 0; s < samples; s++) {
        if (rand() < lambda) {
          counts[sampleIndex(world.reference[c], rand)]++;
          continue;
        }
        const cands = Array.from({ length: K }, () => sampleIndex(pi, rand));
        const w = cands.map((y) => Math.exp(curator * world.rStar[c][y]));
        const z = w.reduce((a, b) => a + b, 0);
        counts[cands[sampleIndex(w.map((v) => v / z), rand)]]++;
      }
      const total = counts.reduce((a, b) => a + b, 0);
      return counts.map((v) => v / total);
    });
    rows.push(metricsRow(world, model, g, method, beta, { entropy: entropy(model) }));
  }
  return aq.from(rows);
}
