import * as tf from '@tensorflow/tfjs';

type CpuBackend = { firstUse?: boolean };
interface EngineRegistry {
  registry?: Record<string, CpuBackend | undefined>;
  registryFactory?: Record<string, { factory: () => CpuBackend } | undefined>;
}

/**
 * Stops TF.js's CPU backend from printing "install our node backend" on its first tensor (in red,
 * under the first training cell of every notebook, even when wasm or WebGPU does the work):
 * tfjs-node is an optional dependency here and `selectBackend()` says when and why it was skipped.
 * The engine makes a new CPU backend each time it initialises one, so its factory is wrapped.
 */
export function quietCpuBanner(): void {
  const engine = tf.engine() as unknown as EngineRegistry;
  const entry = engine.registryFactory?.cpu;
  if (entry && !(entry.factory as { quiet?: boolean }).quiet) {
    const make = entry.factory;
    entry.factory = Object.assign(() => Object.assign(make(), { firstUse: false }), { quiet: true });
  }
  const made = engine.registry?.cpu;
  if (made) made.firstUse = false;
}
