// The kernel's native addon (kernel/native): the heap guard and the cell interrupt. Each thread
// that needs it loads it; without a C++ compiler it is not built and the kernel says what that
// costs.
import { join } from 'node:path';
import { packageRoot } from '../../lib/util/package-root';

/** What kernel/native/addon.cc exports. */
export interface KernelAddon {
  /** Arms the heap guard on this thread's isolate; returns the read end of its wake-up pipe. */
  arm(slots: Int32Array): number;
  /**
   * Calls `fn`; while it runs, {@link KernelAddon.interrupt} from any thread stops it, and the
   * call throws an Error with code `ERR_SCRIPT_EXECUTION_INTERRUPTED`.
   */
  run<T>(fn: () => T): T;
  /** Stops the function `run` is running, if any. @returns whether one was running. */
  interrupt(): boolean;
}

/** Where the build puts the addon. */
export const KERNEL_ADDON_PATH = join(packageRoot(), 'kernel', 'native', 'build', 'Release', 'feedbacklab_kernel.node');

/** The addon, or why there is none ("not built (…)", "not loaded (…)"). */
export type LoadedAddon = { addon: KernelAddon; reason?: undefined } | { addon?: undefined; reason: string };

/** Loads the addon in this thread. */
export function loadKernelAddon(): LoadedAddon {
  try {
    return { addon: require(KERNEL_ADDON_PATH) as KernelAddon };
  } catch (e) {
    const missing = (e as { code?: string }).code === 'MODULE_NOT_FOUND';
    return { reason: missing ? `not built (${join('kernel', 'native')}; \`feedbacklab install\` builds it)` : `not loaded (${(e as Error).message})` };
  }
}
