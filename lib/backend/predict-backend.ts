import { existsSync } from 'node:fs';

/** The npm packages of the libtensorflow backends. */
export const NODE_PACKAGES = { 'tensorflow-gpu': '@tensorflow/tfjs-node-gpu', tensorflow: '@tensorflow/tfjs-node' } as const;

/** True when an NVIDIA kernel driver is loaded. */
export function hasNvidiaDriver(): boolean {
  return existsSync('/proc/driver/nvidia/version');
}

function resolvable(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

/**
 * Which backend `selectBackend` would pick, without loading TF.js (for the kernel banner):
 * checks only which packages are installed.
 * @returns e.g. "wasm (tfjs-node not installed)".
 * @example
 * predictBackend() // 'wasm (tfjs-node not installed)'
 */
export function predictBackend(env: NodeJS.ProcessEnv = process.env): string {
  const forced = env.FEEDBACKLAB_BACKEND?.trim();
  if (forced) return `${forced} (forced by FEEDBACKLAB_BACKEND)`;
  if (hasNvidiaDriver() && resolvable(NODE_PACKAGES['tensorflow-gpu'])) return 'tensorflow-gpu';
  if (hasNvidiaDriver() && resolvable('webgpu')) return 'webgpu (if Dawn finds the GPU)';
  if (resolvable(NODE_PACKAGES.tensorflow)) return 'tensorflow';
  if (resolvable('@tensorflow/tfjs-backend-wasm')) return 'wasm (tfjs-node not installed)';
  return 'cpu';
}
