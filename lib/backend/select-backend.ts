import * as tf from '@tensorflow/tfjs';
import { ConfigError, unknownKeywordMessage } from '../errors';
import { hasNvidiaDriver, NODE_PACKAGES } from './predict-backend';
import { installNativeBlasKernels } from './native/index';
import { loadBlasAddon } from './native/load-addon';
import { installWasmGatherRows } from './wasm-gather-rows';
import { installWasmTransposeFirst } from './wasm-transpose-first';
import { startWebgpu, webgpuAdapter } from './webgpu-backend';
import { BACKEND_ORDER, BackendReport, type BackendName, type SkippedBackend } from './backend-report';

/** Options for {@link selectBackend}. */
export interface SelectBackendOptions {
  /**
   * Use exactly this backend and fail if it cannot start. Default: the environment variable
   * FEEDBACKLAB_BACKEND, else the best available.
   */
  backend?: BackendName;
}


function errorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0];
}

// Loads tfjs-node(-gpu); returns why it cannot be used, or null when it registered its backend.
function tryNodeBinding(name: 'tensorflow-gpu' | 'tensorflow'): string | null {
  const pkg = NODE_PACKAGES[name];
  if (name === 'tensorflow-gpu' && !hasNvidiaDriver()) return 'no NVIDIA driver on this machine (/proc/driver/nvidia absent)';
  try {
    require.resolve(pkg);
  } catch {
    return `${pkg} is not installed (an optional dependency: its install downloads libtensorflow${name === 'tensorflow-gpu' ? ' 2.9.1 for CUDA 11.2 / cuDNN 8.1' : ''}, which failed or was skipped)`;
  }
  try {
    require(pkg);
    return null;
  } catch (e) {
    return `${pkg} is installed but does not load: ${errorText(e)} (run \`npm rebuild ${pkg}\` where libtensorflow can be downloaded)`;
  }
}

let nativeBlasMissing: string | null = 'not tried';

async function tryStart(name: BackendName, forced: boolean): Promise<string | null> {
  if (name === 'webgpu') return startWebgpu(forced);
  if (name === 'tensorflow-gpu' || name === 'tensorflow') {
    const why = tryNodeBinding(name);
    if (why) return why;
    return (await tf.setBackend('tensorflow')) ? null : 'tf.setBackend("tensorflow") returned false';
  }
  if (name === 'wasm') {
    try {
      require('@tensorflow/tfjs-backend-wasm');
    } catch (e) {
      return `@tensorflow/tfjs-backend-wasm does not load: ${errorText(e)}`;
    }
    // OpenBLAS products when the addon is built; otherwise transpose-first products in wasm.
    nativeBlasMissing = installNativeBlasKernels();
    if (nativeBlasMissing) installWasmTransposeFirst();
    installWasmGatherRows();
  }
  try {
    return (await tf.setBackend(name)) ? null : `tf.setBackend("${name}") returned false`;
  } catch (e) {
    return `tf.setBackend("${name}") failed: ${errorText(e)}`;
  }
}

function describeDevice(name: BackendName): string {
  if (name === 'tensorflow-gpu') return 'GPU through libtensorflow (CUDA)';
  if (name === 'tensorflow') return 'CPU through libtensorflow';
  if (name === 'webgpu') {
    const a = webgpuAdapter();
    return a ? `${a.software ? 'software' : 'GPU'} adapter through WebGPU (Dawn): ${a.vendor}, ${a.architecture}${a.description ? `, ${a.description}` : ''}` : 'WebGPU (Dawn)';
  }
  if (name === 'wasm') {
    const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD';
    if (nativeBlasMissing === null) {
      const [threads, minWork] = loadBlasAddon().addon!.threads(0, -1);
      const parallel = threads > 1 ? `, ${threads} threads for products of ${(minWork / 1e6).toFixed(0)}M multiply-adds and more` : ', 1 thread';
      return `CPU, WebAssembly ${simd} with OpenBLAS matrix products and fused dense training steps${parallel}`;
    }
    return `CPU, WebAssembly ${simd}, 1 thread, transpose-first matmul (OpenBLAS kernels not built)`;
  }
  return 'CPU, plain JavaScript (slowest)';
}

/**
 * Reads FEEDBACKLAB_BACKEND; throws on an unknown name.
 * @example
 * backendFromEnv({ FEEDBACKLAB_BACKEND: 'cpu' }) // 'cpu'
 */
export function backendFromEnv(env: NodeJS.ProcessEnv = process.env): BackendName | undefined {
  const value = env.FEEDBACKLAB_BACKEND?.trim();
  if (!value) return undefined;
  if (!(BACKEND_ORDER as readonly string[]).includes(value)) {
    throw new ConfigError(unknownKeywordMessage('FEEDBACKLAB_BACKEND', 'backend', value, BACKEND_ORDER));
  }
  return value as BackendName;
}

let current: BackendReport | undefined;

/**
 * Picks the fastest TF.js backend that works here — tensorflow on GPU, WebGPU on a hardware
 * adapter, tensorflow on CPU, wasm, cpu — unless one is forced (a forced webgpu also accepts a
 * software adapter such as lavapipe), and reports the choice and why each better one was skipped.
 * Calling it again with the same request returns the same report.
 * @param options - `backend` forces one; FEEDBACKLAB_BACKEND does the same from the environment.
 * @returns the {@link BackendReport}; a cell shows it as a short list.
 * @throws ConfigError when a forced backend cannot start (the message says why) or the name is unknown.
 * @example
 * const report = await selectBackend(); report.summary // "backend wasm (CPU, WebAssembly SIMD, 1 thread)"
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendReport> {
  if (options.backend !== undefined && !(BACKEND_ORDER as readonly string[]).includes(options.backend)) {
    throw new ConfigError(unknownKeywordMessage('selectBackend', 'backend', options.backend, BACKEND_ORDER));
  }
  const forced = options.backend ?? backendFromEnv();
  if (current && (forced === undefined || current.backend === forced) && (forced !== undefined) === current.forced) return current;
  if (forced) {
    const why = await tryStart(forced, true);
    if (why) {
      throw new ConfigError(`selectBackend: the forced backend "${forced}" cannot start: ${why}. Unset FEEDBACKLAB_BACKEND or choose another of ${BACKEND_ORDER.join(', ')}.`);
    }
    current = new BackendReport(forced, tf.getBackend(), describeDevice(forced), true, []);
    return current;
  }
  const skipped: SkippedBackend[] = [];
  for (const name of BACKEND_ORDER) {
    const why = await tryStart(name, false);
    if (why === null) {
      current = new BackendReport(name, tf.getBackend(), describeDevice(name), false, skipped);
      return current;
    }
    skipped.push({ backend: name, reason: why });
  }
  throw new ConfigError(`selectBackend: no TF.js backend could start:\n${skipped.map((s) => `  ${s.backend}: ${s.reason}`).join('\n')}`);
}

/**
 * The report of the last {@link selectBackend} call, or undefined before the first.
 * @example
 * await selectBackend(); backendReport()?.backend
 */
export function backendReport(): BackendReport | undefined {
  return current;
}
