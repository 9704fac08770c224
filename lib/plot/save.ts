import { writeFile, mkdir } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { ConfigError } from '../errors';
import type { Chart } from './chart';
import { svgToPng, toHtml, toSvg } from './render';

const FORMATS = ['.svg', '.png', '.html', '.json'] as const;

/**
 * Writes a chart to a file; the format follows the extension: .svg, .png, .html (inline SVG
 * plus the spec) or .json (the vega-lite spec). Creates missing folders.
 * @param chart - the chart.
 * @param path - where to write, e.g. "reports/loss.png".
 * @returns the path written.
 * @throws ConfigError for any other extension.
 * @example
 * await save(lineChart(history, { x: 'epoch', y: 'loss' }), 'reports/loss.png')
 */
export async function save(chart: Chart, path: string): Promise<string> {
  const ext = extname(path).toLowerCase();
  if (!(FORMATS as readonly string[]).includes(ext)) {
    throw new ConfigError(`save: cannot write "${path}": unknown extension ${JSON.stringify(ext)}: expected one of ${FORMATS.join(', ')}.`);
  }
  await mkdir(dirname(path), { recursive: true });
  if (ext === '.json') {
    await writeFile(path, JSON.stringify(chart.spec, null, 2));
    return path;
  }
  const svg = await toSvg(chart.spec);
  const body = ext === '.svg' ? svg : ext === '.png' ? svgToPng(svg) : toHtml(chart.spec, svg, chart.summary);
  await writeFile(path, body);
  return path;
}
