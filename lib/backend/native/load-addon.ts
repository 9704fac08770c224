import { join } from 'node:path';
import { packageRoot } from '../../util/package-root';

/** The native addon's functions (see sgemm.c). */
export interface BlasAddon {
  adam(heap: ArrayBuffer, varOff: number, gradOff: number, mOff: number, vOff: number, size: number, lr: number, beta1: number, beta2: number, epsilon: number, oneMinusAccBeta1: number, oneMinusAccBeta2: number): void;
  momentum(heap: ArrayBuffer, varOff: number, gradOff: number, accOff: number, size: number, lr: number, momentum: number): void;
  /** Sets the products' thread policy (max ≤ 0, minWork < 0: unchanged); returns [max threads, min multiply-adds for more than one]. */
  threads(max: number, minWork: number): [number, number];
  /** One fused softmax cross-entropy step (dense-step.c); out = [mean loss, correct]. */
  classifierStep(heap: ArrayBuffer, plan: Float64Array, xOff: number, xRows: number, yOff: number, idx: Int32Array, out: Float64Array): void;
  /** One fused Bradley-Terry step (dense-step.c); out = [loss, pairs with z > 0]. */
  pairStep(heap: ArrayBuffer, plan: Float64Array, x: Float32Array, sign: Float32Array, margin: Float32Array | null, center: number, out: Float64Array): void;
  sumRows(heap: ArrayBuffer, xOff: number, outOff: number, rows: number, cols: number): void;
  matmul(heap: ArrayBuffer, aOff: number, bOff: number, outOff: number, batchA: number, batchB: number, m: number, n: number, k: number, transposeA: boolean, transposeB: boolean, biasOff: number, activation: 0 | 1): void;
}

let addon: BlasAddon | undefined;
let failure: string | undefined;

/** The OpenBLAS addon, or undefined with the reason it cannot be used. */
export function loadBlasAddon(): { addon?: BlasAddon; reason?: string } {
  if (addon || failure) return { addon, reason: failure };
  const path = join(packageRoot(), 'lib', 'backend', 'native', 'build', 'Release', 'feedbacklab_blas.node');
  try {
    addon = require(path) as BlasAddon;
  } catch (e) {
    failure = `the OpenBLAS matmul addon is not built (${(e as Error).message.split('\n')[0]}); build it with \`npm run build:native\` (needs g++, make, libopenblas-dev)`;
  }
  return { addon, reason: failure };
}
