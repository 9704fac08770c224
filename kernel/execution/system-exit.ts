/** Thrown by `process.exit()` called from a cell: the kernel goes on, as ipykernel does for SystemExit. */
export class SystemExit extends Error {
  override name = 'SystemExit';

  /** @param code - the exit code the cell asked for. */
  constructor(readonly code: number | string | null | undefined) {
    super(`process.exit(${code ?? ''}) was called; the kernel keeps running with its variables (restart the kernel to end it)`);
  }
}

/**
 * Makes `process.exit()` throw {@link SystemExit} instead of ending the kernel (a cell's call
 * becomes its error; one in a timer is reported as an uncaught exception).
 * @returns the real exit, for the kernel's own shutdown.
 */
export function guardProcessExit(): (code?: number) => never {
  const exit = process.exit.bind(process) as (code?: number) => never;
  process.exit = ((code?: number | string | null) => {
    throw new SystemExit(code);
  }) as typeof process.exit;
  return exit;
}
