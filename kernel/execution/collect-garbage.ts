import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * Runs a full, compacting garbage collection now. Used once the compiler has warmed up: the
 * warm-up leaves about 100 MiB of garbage that the engine would otherwise collect, in pieces,
 * during the first cells the user runs.
 */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
