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
    expect(axisOf([1, 2, 3])).toEqual({ format: 'd', tickMinStep: 1 });
    expect(axisOf([1, 2.5, 3])).toBeUndefined();
  });

  it('uses log scales when asked', () => {
    const spec = lineChart(curve, { x: 'step', y: 'acc', logX: true }).spec as { layer: { encoding: { x: { scale: { type?: string } } } }[] };
    expect(spec.layer[0].encoding.x.scale.type).toBe('log');
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
