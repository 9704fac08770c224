import { DISPLAY, type MimeBundle } from '../display/mime-bundle';
import { chartBundle } from './render';

/** A vega-lite specification (the JSON object vega-lite compiles). */
export type VegaLiteSpec = Record<string, unknown>;

/** The schema URL put in specs: JupyterLab and VS Code render this version natively. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/**
 * A chart: a vega-lite spec plus a short description. A cell whose value is a Chart shows it
 * (interactive vega-lite, SVG, PNG and text in one bundle); `save()` writes it to a file.
 */
export class Chart {
  /**
   * @param spec - the vega-lite specification.
   * @param summary - one line for text-only front ends, e.g. "line chart of loss by epoch".
   */
  constructor(readonly spec: VegaLiteSpec, readonly summary: string) {}

  /** The display bundle with all four mimetypes. */
  [DISPLAY](): Promise<MimeBundle> {
    return chartBundle(this);
  }

  /** The vega-lite spec as JSON text. */
  toJSON(): VegaLiteSpec {
    return this.spec;
  }
}

/**
 * Wraps a hand-written vega-lite spec so it displays and saves like the built-in charts.
 * @example
 * chart({ data: { values: [{ a: 1, b: 2 }] }, mark: 'bar', encoding: { x: { field: 'a' }, y: { field: 'b' } } })
 */
export function chart(spec: VegaLiteSpec, summary = 'vega-lite chart'): Chart {
  return new Chart({ $schema: VEGA_LITE_SCHEMA, ...spec }, summary);
}
