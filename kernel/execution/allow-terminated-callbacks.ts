/**
 * Lets the main thread survive a callback terminated from the side-channel worker (an
 * interrupted busy loop in a timer or after an await). Termination skips the callback's
 * async-hooks bookkeeping; with Node's default checks that aborts the process ("async hook
 * stack has become corrupted"), as `node --no-force-async-hooks-checks` would not. Turning the
 * check off at run time needs the deprecated async_wrap binding: no public API reaches it.
 */
export function allowTerminatedCallbacks(): void {
  const quiet = process.noDeprecation;
  process.noDeprecation = true;
  try {
    const binding = (process as unknown as { binding(name: string): { async_hook_fields: Uint32Array; constants: { kCheck: number } } }).binding('async_wrap');
    binding.async_hook_fields[binding.constants.kCheck] = 0;
  } catch {
    // Without it a terminated callback ends the kernel; interrupts of plain cells still work.
  } finally {
    process.noDeprecation = quiet;
  }
}
