import type { Iopub } from './iopub';

type Write = typeof process.stdout.write;

/**
 * Sends what cells print (console.log, process.stdout.write) to the notebook as `stream`
 * messages. Installed once; the kernel's own log keeps writing to the real stderr.
 */
export function captureStreams(iopub: Iopub): void {
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = process[name];
    const write: Write = function (this: unknown, chunk: unknown, encoding?: unknown, callback?: unknown) {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString(typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      if (text.length > 0) iopub.stream(name, text);
      const cb = typeof encoding === 'function' ? encoding : callback;
      if (typeof cb === 'function') queueMicrotask(() => (cb as () => void)());
      return true;
    } as Write;
    stream.write = write;
  }
}
