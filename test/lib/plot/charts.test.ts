import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toBundle } from '../../../lib/display/to-bundle';
import { DataFormatError, NumericError, ShapeError, ConfigError } from '../../../lib/errors';
import { heatmap } from '../../../lib/plot/heatmap';
import { histogram } from '../../../lib/plot/histogram';
import { lineChart } from '../../../lib/plot/line-chart';
import { scatterChart } from '../../../lib/plot/scatter-chart';
import { save } from '../../../lib/plot/save';
import { toSvg } from '../../../lib/plot/render';
import { symlogTicks } from '../../../lib/plot/line-axes';
import { liveChart } from '../../../lib/plot/show';
import { installSink } from '../../../lib/display/display-sink';
import type { MimeBundle } from '../../../lib/display/mime-bundle';

const curve = Array.from({ length: 20 }, (_, i) => ({ step: i + 1, acc: 0.5 + i / 50, lo: 0.45 + i / 50, hi: 0.55 + i / 50, task: i < 10 ? 'task 1' : 'task 2' }));

describe('chart display bundle', () => {
  it('has vega-lite, SVG, PNG and text, and the spec compiles', async () => {
    const chart = lineChart(curve, { x: 'step', y: 'acc', series: 'task', band: { lower: 'lo', upper: 'hi' }, rules: [{ value: 10, label: 'switch' }], title: 'Accuracy', yTitle: 'accuracy' });
    const bundle = await toBundle(chart);
    expect(Object.keys(bundle).sort()).toEqual(['application/vnd.vegalite.v5+json', 'image/png', 'image/svg+xml', 'text/plain']);
    const vl = await import('vega-lite');
    const compiled = vl.compile(bundle['application/vnd.vegalite.v5+json'] as never);
    expect(compiled.spec.marks?.length).toBeGreaterThan(0);
    const svg = bundle['image/svg+xml'] as string;
    for (const text of ['Accuracy', 'accuracy', 'step', 'switch', 'task 1', 'task 2']) expect(svg).toContain(`>${text}<`);
    const png = Buffer.from(bundle['image/png'] as string, 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThan(400);
    expect(bundle['text/plain']).toContain('acc against step, 2 series, 20 points');
  });

  it('puts ticks on whole numbers when x holds whole numbers only', () => {
    const axisOf = (xs: number[]) => (lineChart(xs.map((x) => ({ x, y: 1 })), { x: 'x', y: 'y' }).spec.layer as { encoding: { x: { axis?: unknown } } }[])[0].encoding.x.axis;
    expect(axisOf([1, 2, 3])).toEqual({ format: '.0f', values: [1, 2, 3] });
    expect(axisOf(Array.from({ length: 40 }, (_, i) => i))).toEqual({ format: 'd', tickMinStep: 1 });
    expect(axisOf([1, 2.5, 3])).toBeUndefined();
  });

  it('uses log scales when asked', () => {
    const spec = lineChart(curve, { x: 'step', y: 'acc', logX: true }).spec as { layer: { encoding: { x: { scale: { type?: string } } } }[] };
    expect(spec.layer[0].encoding.x.scale.type).toBe('log');
  });
});

/** The text of every label in an SVG, in document order. */
const svgTexts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

/** A vega scale's domain after the spec is compiled and run, as the renderer sees it. */
async function scaleDomain(spec: object, scale: string): Promise<number[]> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vl.compile(spec as never).spec), { renderer: 'none' });
  await view.runAsync();
  const domain = view.scale(scale).domain() as number[];
  view.finalize();
  return domain;
}

type LayerSpec = { mark: { point?: boolean; clip?: boolean }; encoding: { x: { scale: Record<string, unknown>; axis?: Record<string, unknown> }; y: { scale: Record<string, unknown> }; color?: { legend?: Record<string, unknown> } } };
const layers = (c: { spec: object }) => (c.spec as { layer: LayerSpec[] }).layer;

describe('lineChart axes and marks (issue 13, item 7)', () => {
  it('labels two whole-number x values 1 and 2, not "1 2 2"', async () => {
    const c = lineChart([{ a: 1, b: 2 }, { a: 2, b: 3 }], { x: 'a', y: 'b' });
    expect(layers(c)[0].encoding.x.axis).toEqual({ format: '.0f', values: [1, 2] });
    const texts = svgTexts(await toSvg(c.spec));
    expect(texts.slice(0, texts.indexOf('a'))).toEqual(['1', '2']);
    // format "d" with listed values lost every other tick (vega-lite adds tickMinStep)
    const three = svgTexts(await toSvg(lineChart([{ a: 1, b: 2 }, { a: 2, b: 3 }, { a: 3, b: 1 }], { x: 'a', y: 'b' }).spec));
    expect(three.slice(0, three.indexOf('a'))).toEqual(['1', '2', '3']);
  });

  it('ends a log y axis where the data end, not at the next power of ten', async () => {
    const c = lineChart([{ e: 1, l: 1.35 }, { e: 2, l: 0.6 }, { e: 3, l: 0.2 }], { x: 'e', y: 'l', logY: true });
    expect(layers(c)[0].encoding.y.scale).toMatchObject({ type: 'log', nice: false });
    const [lo, hi] = await scaleDomain(c.spec, 'y');
    expect(lo).toBeCloseTo(0.2, 12);
    expect(hi).toBeCloseTo(1.35, 12);
  });

  it('draws points at the edge whole: padding on both axes, no clipping unless data leave a fixed yDomain', () => {
    const inside = layers(lineChart([{ e: 1, acc: 1 }, { e: 2, acc: 0 }], { x: 'e', y: 'acc', points: true, yDomain: [0, 1] }))[0];
    expect(inside.mark.clip).toBe(false);
    expect(inside.encoding.x.scale.padding).toBe(6);
    expect(inside.encoding.y.scale.padding).toBe(6);
    const outside = layers(lineChart([{ e: 1, acc: 1.2 }, { e: 2, acc: 0 }], { x: 'e', y: 'acc', yDomain: [0, 1] }))[0];
    expect(outside.mark.clip).toBe(true);
  });

  it('draws band legends as opaque line symbols, not the translucent band', async () => {
    const c = lineChart(curve, { x: 'step', y: 'acc', series: 'task', band: { lower: 'lo', upper: 'hi' } });
    expect(layers(c)[0].encoding.color?.legend).toMatchObject({ symbolType: 'stroke', symbolOpacity: 1 });
    const svg = await toSvg(c.spec);
    const symbols = [...svg.matchAll(/role-legend-symbol"[^>]*><path [^>]*opacity="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(symbols).toEqual([1, 1]);
  });

  it('offers a symlog x axis that fits iteration 0 and ticks at 0, 1, 2, 5, 10, …', async () => {
    const rows = Array.from({ length: 801 }, (_, it) => ({ it, acc: 0.1 + 0.85 * Math.exp(-it / 3) }));
    const c = lineChart(rows, { x: 'it', y: 'acc', xScale: 'symlog' });
    expect(layers(c)[0].encoding.x.scale).toMatchObject({ type: 'symlog', constant: 1 });
    expect(layers(c)[0].encoding.x.axis?.values).toEqual([0, 1, 2, 5, 10, 20, 50, 100, 200, 500]);
    const texts = svgTexts(await toSvg(c.spec));
    expect(texts.slice(0, texts.indexOf('it'))).toEqual(['0', '1', '2', '5', '10', '20', '50', '100', '200', '500']);
    // more than ten: the powers of ten only
    expect(symlogTicks(0, 60_000)).toEqual([0, 1, 10, 100, 1000, 10_000]);
    expect(symlogTicks(-20, 5)).toEqual([-20, -10, -5, -2, -1, 0, 1, 2, 5]);
    expect(layers(lineChart(curve, { x: 'step', y: 'acc', xScale: 'log' }))[0].encoding.x.scale.type).toBe('log');
    expect(() => lineChart(curve, { x: 'step', y: 'acc', xScale: 'sqrt' as never })).toThrow(/unknown xScale "sqrt": expected one of "linear", "log", "symlog"/);
    expect(() => lineChart(curve, { x: 'step', y: 'acc', logX: true, xScale: 'symlog' })).toThrow(ConfigError);
  });

  it('shows points when a series has one row, so the first frame of a live chart is not empty', async () => {
    const first = lineChart([{ epoch: 1, value: 1.1, metric: 'loss' }, { epoch: 1, value: 1.0, metric: 'val_loss' }], { x: 'epoch', y: 'value', series: 'metric' });
    expect(layers(first)[0].mark.point).toBe(true);
    expect(layers(lineChart(curve, { x: 'step', y: 'acc' }))[0].mark.point).toBe(false);
    const shown: MimeBundle[] = [];
    installSink({ display: (bundle) => shown.push(bundle), clearOutput() {} });
    try {
      await liveChart(first);
    } finally {
      delete (globalThis as Record<symbol, unknown>)[Symbol.for('feedbacklab.displaySink')];
    }
    expect(String(shown[0]['image/svg+xml'])).toContain('aria-roledescription="symbol mark container"');
    expect(String(shown[0]['image/svg+xml']).match(/aria-roledescription="point"/g)).toHaveLength(2);
  });
});

describe('chart input checks', () => {
  it('names a missing field and the fields that exist', () => {
    expect(() => lineChart(curve, { x: 'step', y: 'accuracy' })).toThrow(DataFormatError);
    expect(() => lineChart(curve, { x: 'step', y: 'accuracy' })).toThrow(/field "accuracy" is missing in row 0: rows have "step", "acc"/);
  });

  it('names the field and row of a NaN', () => {
    const bad = curve.map((r, i) => (i === 3 ? { ...r, acc: NaN } : r));
    expect(() => lineChart(bad, { x: 'step', y: 'acc' })).toThrow(NumericError);
    expect(() => lineChart(bad, { x: 'step', y: 'acc' })).toThrow(/field "acc" in row 3 is NaN/);
    expect(() => histogram([1, NaN], { field: 'score' })).toThrow(/field "score" in row 1 is NaN/);
    expect(() => scatterChart([{ a: 1, b: Infinity }], { x: 'a', y: 'b' })).toThrow(/field "b" in row 0 is Infinity/);
  });

  it('refuses empty data and non-positive values on log axes', () => {
    expect(() => lineChart([], { x: 'a', y: 'b' })).toThrow(/data is empty/);
    expect(() => histogram([])).toThrow(/data is empty/);
    expect(() => lineChart([{ a: 0, b: 1 }], { x: 'a', y: 'b', logX: true })).toThrow(/field "a" in row 0 is 0 but its axis is logarithmic/);
  });

  it('checks heatmap shape and values', () => {
    expect(() => heatmap([])).toThrow(ShapeError);
    expect(() => heatmap([[1, 2], [3]])).toThrow(/row 1 has 1 values but row 0 has 2/);
    expect(() => heatmap([[1, NaN]])).toThrow(/cell \[0\]\[1\] is NaN/);
    expect(heatmap([[1, null]]).summary).toBe('heatmap: 1 × 2');
  });
});

describe('chart input checks for hostile input', () => {
  it('names a null or non-object row instead of a TypeError', () => {
    expect(() => lineChart([{ a: 1, b: 2 }, null] as never, { x: 'a', y: 'b' })).toThrow(DataFormatError);
    expect(() => lineChart([{ a: 1, b: 2 }, null] as never, { x: 'a', y: 'b' })).toThrow('lineChart: row 1 is null: expected an object of fields');
    expect(() => scatterChart([null] as never, { x: 'a', y: 'b' })).toThrow('scatterChart: row 0 is null');
    expect(() => lineChart([{ a: 1, b: 2 }, 3] as never, { x: 'a', y: 'b' })).toThrow('lineChart: row 1 is the number 3');
  });

  it('names a histogram value that is not a number', () => {
    expect(() => histogram(['1', 2, 3] as never)).toThrow(DataFormatError);
    expect(() => histogram(['1', 2, 3] as never)).toThrow('histogram: value 0 is the string "1": expected numbers');
    expect(() => histogram([1, 2, null] as never)).toThrow('histogram: value 2 is null');
  });

  it('names a heatmap row that is not an array, a cell that is not a number, and a bad domain', () => {
    expect(() => heatmap([null] as never)).toThrow(ShapeError);
    expect(() => heatmap([null] as never)).toThrow('heatmap: row 0 is null: expected an array of numbers or nulls');
    expect(() => heatmap([[1, 2], null] as never)).toThrow('heatmap: row 1 is null');
    expect(() => heatmap([[1, '2']] as never)).toThrow('heatmap: cell [0][1] is the string "2": expected a number or null.');
    for (const domain of [[NaN, 1], [1, 0], [0, Infinity], [-1e308, 1e308]]) {
      expect(() => heatmap([[1]], { domain: domain as [number, number] })).toThrow(ConfigError);
    }
    expect(() => heatmap([[1]], { domain: [NaN, 1] })).toThrow('heatmap: domain is [NaN, 1]: expected [low, high], two finite numbers with low < high');
  });

  it('refuses values whose extent overflows (±1e308), which vega would draw at NaN', async () => {
    expect(() => lineChart([{ a: 1, b: 1e308 }, { a: 2, b: -1e308 }], { x: 'a', y: 'b' })).toThrow(NumericError);
    expect(() => lineChart([{ a: 1, b: 1e308 }, { a: 2, b: -1e308 }], { x: 'a', y: 'b' })).toThrow('lineChart: field "b" runs from -1e+308 to 1e+308: the extent overflows');
    expect(() => histogram([1e308, -1e308])).toThrow('histogram: field "value" runs from -1e+308 to 1e+308');
    // a heatmap keeps its colour domain: extreme cells take the end colours and short labels
    const heat = heatmap([[1e308, -1e308, 0.5]]);
    expect((heat.spec as { layer: { encoding: { color: { scale: { clamp?: boolean } } } }[] }).layer[0].encoding.color.scale.clamp).toBe(true);
    expect(svgTexts(await toSvg(heat.spec))).toEqual(expect.arrayContaining(['1e308', '-1e308', '0.50']));
    // one extreme value alone is drawable: the extent is finite
    const svg = await toSvg(lineChart([{ a: 1, b: 1e308 }, { a: 2, b: 1 }], { x: 'a', y: 'b' }).spec);
    expect(svg).not.toContain('NaN');
  });
});

describe('save', () => {
  it('writes svg, png, html and json by extension', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'feedbacklab-'));
    const chart = histogram([1, 2, 2, 3, 3, 3], { title: 'counts' });
    await save(chart, join(dir, 'c.svg'));
    await save(chart, join(dir, 'sub', 'c.png'));
    await save(chart, join(dir, 'c.html'));
    await save(chart, join(dir, 'c.json'));
    expect(readFileSync(join(dir, 'c.svg'), 'utf8')).toMatch(/^<svg/);
    expect(readFileSync(join(dir, 'sub', 'c.png')).subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(join(dir, 'c.html'), 'utf8')).toContain('application/vnd.vegalite.v5+json');
    expect(JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8')).mark.type).toBe('bar');
    await expect(save(chart, join(dir, 'c.pdf'))).rejects.toThrow(ConfigError);
  });
});
