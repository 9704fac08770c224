import type { DisplaySink } from '../../lib/display/display-sink';
import type { MimeBundle } from '../../lib/display/mime-bundle';
import type { Iopub } from './iopub';

/** Adds display metadata to a bundle: our charts' 2× PNGs are shown at their natural width. */
export function splitMetadata(bundle: MimeBundle): { data: MimeBundle; metadata: Record<string, unknown> } {
  const metadata: Record<string, unknown> = {};
  const png = bundle['image/png'];
  if (typeof png === 'string' && 'application/vnd.vegalite.v5+json' in bundle) {
    // Charts are rendered at 2× for sharpness; show them at their natural size.
    const width = Buffer.from(png.slice(0, 44), 'base64').readUInt32BE(16);
    metadata['image/png'] = { width: Math.round(width / 2) };
  }
  return { data: bundle, metadata };
}

/** Routes `display()` from the library to display_data / update_display_data / clear_output. */
export function kernelSink(iopub: Iopub): DisplaySink {
  return {
    display(bundle, options) {
      const { data, metadata } = splitMetadata(bundle);
      const transient = options.displayId ? { display_id: options.displayId } : {};
      // Updates of one display id coalesce: a loop of 10,000 updates sends the latest few.
      if (options.update && options.displayId) iopub.updateDisplay(options.displayId, { data, metadata, transient });
      else iopub.publish(options.update ? 'update_display_data' : 'display_data', { data, metadata, transient });
    },
    clearOutput(wait) {
      iopub.publish('clear_output', { wait });
    },
  };
}
