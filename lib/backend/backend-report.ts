import type { MimeBundle } from '../display/mime-bundle';
import { DISPLAY } from '../display/mime-bundle';

/** The TF.js backends feedbacklab knows, best first. */
export const BACKEND_ORDER = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;
/** A backend name as users choose it. */
export type BackendName = (typeof BACKEND_ORDER)[number];

/** Why a better backend was not used. */
export interface SkippedBackend {
  backend: BackendName;
  reason: string;
}

/** What {@link selectBackend} chose and why. */
export class BackendReport {
  constructor(
    /** The backend in use. */
    readonly backend: BackendName,
    /** The TF.js backend name (`tf.getBackend()`): "tensorflow", "wasm" or "cpu". */
    readonly tfBackend: string,
    /** Where computation runs, e.g. "CPU, wasm SIMD, 1 thread". */
    readonly device: string,
    /** True when the user forced this backend (argument or FEEDBACKLAB_BACKEND). */
    readonly forced: boolean,
    /** Each better backend that was skipped, with the reason. */
    readonly skipped: SkippedBackend[],
  ) {}

  /** One line: "backend wasm (CPU, wasm SIMD, 1 thread)". */
  get summary(): string {
    return `backend ${this.backend} (${this.device})${this.forced ? ', forced' : ''}`;
  }

  /** Several lines: the choice, then each skipped backend and why. */
  toString(): string {
    return [`TF.js ${this.summary}`, ...this.skipped.map((s) => `  skipped ${s.backend}: ${s.reason}`)].join('\n');
  }

  [DISPLAY](): MimeBundle {
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const items = this.skipped.map((s) => `<li><code>${s.backend}</code> skipped: ${esc(s.reason)}</li>`).join('');
    return {
      'text/plain': this.toString(),
      'text/html': `<div><b>TF.js backend:</b> <code>${this.backend}</code> — ${esc(this.device)}${this.forced ? ' (forced)' : ''}${items ? `<ul>${items}</ul>` : ''}</div>`,
    };
  }
}
