import * as tf from '@tensorflow/tfjs';

/** What was learned about the WebGPU adapter. */
export interface WebgpuAdapter {
  vendor: string;
  architecture: string;
  description: string;
  /** True for a software adapter such as Mesa's lavapipe (llvmpipe). */
  software: boolean;
}

type GpuGlobal = { navigator?: { gpu?: unknown } };
let adapter: WebgpuAdapter | undefined;

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

/**
 * Starts TF.js's WebGPU backend in Node through the `webgpu` package (Dawn). A hardware adapter is
 * used when there is one; a software adapter (lavapipe) only when `allowSoftware` is set.
 * @returns null when the backend runs, else why it cannot.
 */
export async function startWebgpu(allowSoftware: boolean): Promise<string | null> {
  for (const pkg of ['webgpu', '@tensorflow/tfjs-backend-webgpu']) {
    try {
      require.resolve(pkg);
    } catch {
      return `${pkg} is not installed (an optional dependency)`;
    }
  }
  const g = globalThis as unknown as GpuGlobal;
  if (!g.navigator?.gpu) {
    let dawn: { create(flags: string[]): unknown; globals: Record<string, unknown> };
    try {
      dawn = (await import('webgpu')) as never;
    } catch (e) {
      return `the webgpu package does not load: ${errorText(e)}`;
    }
    Object.assign(globalThis, dawn.globals);
    g.navigator = { ...(g.navigator ?? {}), gpu: dawn.create([]) };
  }
  const gpu = g.navigator!.gpu as { requestAdapter(o?: object): Promise<{ info: Record<string, string>; isFallbackAdapter?: boolean } | null> };
  const found = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!found) {
    releaseWebgpu();
    return 'no WebGPU adapter: no Vulkan driver found (for a software one on Debian: mesa-vulkan-drivers ≥ 25 from bookworm-backports)';
  }
  const info = found.info;
  adapter = {
    vendor: info.vendor || 'unknown vendor',
    architecture: info.architecture || 'unknown architecture',
    description: info.description || info.device || '',
    software: found.isFallbackAdapter === true || (info as { isFallbackAdapter?: unknown }).isFallbackAdapter === true || info.architecture === 'software',
  };
  if (adapter.software && !allowSoftware) {
    const what = adapter.description;
    releaseWebgpu();
    return `only a software adapter (${what}) was found; it is slower than wasm, so it is used only when asked for (FEEDBACKLAB_BACKEND=webgpu)`;
  }
  try {
    require('@tensorflow/tfjs-backend-webgpu');
    if (!(await tf.setBackend('webgpu'))) return 'tf.setBackend("webgpu") returned false';
    await tf.ready();
  } catch (e) {
    return `tf.setBackend("webgpu") failed: ${errorText(e)}`;
  }
  return null;
}

/** The adapter found by the last {@link startWebgpu}, if any. */
export function webgpuAdapter(): WebgpuAdapter | undefined {
  return adapter;
}

/**
 * Lets the process exit after WebGPU was used: Dawn keeps Node alive while `navigator.gpu` exists.
 * Switch to another backend first if more TF.js work follows.
 */
export function releaseWebgpu(): void {
  const g = globalThis as unknown as GpuGlobal;
  if (g.navigator?.gpu) delete g.navigator.gpu;
}
