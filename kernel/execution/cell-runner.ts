import vm from 'node:vm';
import type { KernelAddon } from './kernel-addon';

/**
 * Runs a cell's compiled code in this context so that an interrupt stops its synchronous part:
 * the run then throws an Error with code `ERR_SCRIPT_EXECUTION_INTERRUPTED`.
 */
export interface CellRunner {
  /**
   * How the side-channel worker stops it: through the kernel's addon, or with SIGINT (vm's
   * breakOnSigint, which starts and joins a watchdog thread for every cell).
   */
  readonly stoppedBy: 'addon' | 'signal';
  /** Runs `code` (its stack frames named `filename`); returns its value. */
  run(code: string, filename: string): unknown;
}

/** Whether `e` is what a run throws when an interrupt stopped it. */
export function wasInterrupted(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED';
}

/**
 * The runner for this thread: the addon's when it is loaded, vm's breakOnSigint otherwise.
 * @param afterInterrupt - called when a run was interrupted, before it throws: the termination
 *   may have stopped kernel code the cell had called (a print), in the middle.
 */
export function cellRunner(addon?: KernelAddon, afterInterrupt: () => void = () => {}): CellRunner {
  const guarded = (run: () => unknown) => {
    try {
      return run();
    } catch (e) {
      if (wasInterrupted(e)) afterInterrupt();
      throw e;
    }
  };
  if (!addon) return { stoppedBy: 'signal', run: (code, filename) => guarded(() => vm.runInThisContext(code, { filename, breakOnSigint: true })) };
  return {
    stoppedBy: 'addon',
    run: (code, filename) => {
      const script = new vm.Script(code, { filename });
      return guarded(() => addon.run(() => script.runInThisContext()));
    },
  };
}
