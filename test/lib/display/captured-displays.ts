// Test helper: a display sink that records what code under test shows, as the kernel's would
// receive it (code that checks for a sink, such as the progress bars, acts as inside a notebook).
import { installSink } from '../../../lib/display/display-sink';
import type { MimeBundle } from '../../../lib/display/mime-bundle';

/** One display call the sink received. */
export interface Shown {
  bundle: MimeBundle;
  update?: boolean;
}

const SINK_KEY = Symbol.for('feedbacklab.displaySink');

/**
 * Records display calls in `shown` from `install()` until `uninstall()`, which leaves no sink
 * (as outside the kernel); `shown` is emptied on each install.
 */
export function capturedDisplays(): { shown: Shown[]; install(): void; uninstall(): void } {
  const shown: Shown[] = [];
  return {
    shown,
    install() {
      shown.length = 0;
      installSink({ display: (bundle, o) => void shown.push({ bundle, update: o.update }), clearOutput() {} });
    },
    uninstall() {
      shown.length = 0;
      delete (globalThis as Record<symbol, unknown>)[SINK_KEY];
    },
  };
}
