import type { MimeBundle } from './mime-bundle';

/** Where display bundles go: the kernel installs one; outside a kernel, text goes to stdout. */
export interface DisplaySink {
  display(bundle: MimeBundle, options: { displayId?: string; update?: boolean }): void;
  clearOutput(wait: boolean): void;
}

const SINK_KEY = Symbol.for('feedbacklab.displaySink');

/** The sink the running kernel installed, or a stdout fallback. */
export function currentSink(): DisplaySink {
  const sink = (globalThis as Record<symbol, unknown>)[SINK_KEY] as DisplaySink | undefined;
  return sink ?? stdoutSink;
}

/** Installs `sink` as the destination of displays (the kernel calls this once). */
export function installSink(sink: DisplaySink): void {
  (globalThis as Record<symbol, unknown>)[SINK_KEY] = sink;
}

const stdoutSink: DisplaySink = {
  display(bundle) {
    const text = bundle['text/plain'];
    if (typeof text === 'string') process.stdout.write(text + '\n');
  },
  clearOutput() {},
};

/** True inside the kernel (a sink was installed), false in a plain Node process. */
export function hasInstalledSink(): boolean {
  return (globalThis as Record<symbol, unknown>)[SINK_KEY] !== undefined;
}
