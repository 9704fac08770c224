import type { MimeBundle } from '../display/mime-bundle';
import type { Chart, VegaLiteSpec } from './chart';

type VegaModule = typeof import('vega');
type VegaLiteModule = typeof import('vega-lite');

let modules: Promise<[VegaModule, VegaLiteModule]> | undefined;

// vega 6 and vega-lite 6 are ESM-only: load them on first use, once.
function loadVega(): Promise<[VegaModule, VegaLiteModule]> {
  modules ??= Promise.all([import('vega'), import('vega-lite')]);
  return modules;
}

/**
 * Renders a vega-lite spec to SVG text headless (vega `View.toSVG()` with renderer "none").
 * @param spec - a vega-lite spec.
 * @returns the SVG document as a string.
 * @example
 * const svg = await toSvg(histogram([1, 2, 2]).spec);
 */
export async function toSvg(spec: VegaLiteSpec): Promise<string> {
  const [vega, vl] = await loadVega();
  const compiled = vl.compile(spec as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Rasterises SVG text to PNG with resvg, using the system fonts (without them text vanishes).
 * @param svg - SVG document.
 * @param scale - pixel density. Default: 2 (sharp on high-DPI screens).
 * @returns PNG bytes.
 * @example
 * const png = svgToPng(await toSvg(chart.spec));
 */
export function svgToPng(svg: string, scale = 2): Buffer {
  // Loaded lazily: the native binding is only needed when a PNG is asked for.
  const { Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

/** A standalone HTML page with the chart as inline SVG and its vega-lite spec alongside. */
export function toHtml(spec: VegaLiteSpec, svg: string, title = 'feedbacklab chart'): string {
  const json = JSON.stringify(spec).replace(/</g, '\\u003c');
  const safeTitle = title.replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'));
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${safeTitle}</title></head>\n<body>\n${svg}\n<script type="application/vnd.vegalite.v5+json" id="spec">${json}</script>\n</body></html>\n`;
}

/**
 * The display bundle of a chart: interactive vega-lite, SVG, PNG and a text summary.
 * @param chart - the chart to render.
 * @example
 * const bundle = await chartBundle(histogram([1, 2, 2]));
 */
export async function chartBundle(chart: Chart): Promise<MimeBundle> {
  const svg = await toSvg(chart.spec);
  return {
    'application/vnd.vegalite.v5+json': chart.spec,
    'image/svg+xml': svg,
    'image/png': svgToPng(svg).toString('base64'),
    'text/plain': chart.summary,
  };
}
