import type { Rng } from '../util/random';
import { sampleIndex } from './preference-pairs';

/** A batch of on-policy samples: k responses for each of several contexts (groups of k). */
export interface SampleBatch {
  /** Context of each sample. */
  context: Int32Array;
  /** Response of each sample. */
  response: Int32Array;
  /** Samples per context (group size). */
  k: number;
}

/**
 * Draws `contexts` uniform contexts (with replacement) and `k` responses from π for each.
 * @returns samples in groups of k, one group per drawn context.
 */
export function sampleBatch(probs: readonly (readonly number[])[], contexts: number, k: number, rand: Rng): SampleBatch {
  const n = contexts * k;
  const context = new Int32Array(n);
  const response = new Int32Array(n);
  for (let g = 0; g < contexts; g++) {
    const c = Math.floor(rand() * probs.length);
    for (let j = 0; j < k; j++) {
      context[g * k + j] = c;
      response[g * k + j] = sampleIndex(probs[c], rand);
    }
  }
  return { context, response, k };
}
