import * as aq from 'arquero';
import { afterAll, describe, expect, it } from 'vitest';
import { installSink, type DisplaySink } from '../../../lib/display/display-sink';
import { liveStabilityGap } from '../../../lib/continual/live-stability-gap';

describe('liveStabilityGap', () => {
  const previous = (globalThis as Record<symbol, unknown>)[Symbol.for('feedbacklab.displaySink')] as DisplaySink | undefined;
  afterAll(() => installSink(previous as DisplaySink));

  it('sends vega-lite alone while training and the full chart, with its PNG, at the end', async () => {
    const sent: { mimes: string[]; update?: boolean; id?: string }[] = [];
    installSink({ display: (bundle, o) => void sent.push({ mimes: Object.keys(bundle).sort(), update: o.update, id: o.displayId }), clearOutput() {} });
    const live = liveStabilityGap({ minIntervalMs: 0 });
    const rows = (n: number) => aq.from(Array.from({ length: n }, (_, i) => ({ iteration: i + 1, training_task: 1, task: 1, accuracy: i / n })));
    await live.onEvaluate(rows(2));
    await live.onEvaluate(rows(3));
    await live.finish();
    expect(sent.map((s) => s.mimes)).toEqual([
      ['application/vnd.vegalite.v5+json', 'text/plain'],
      ['application/vnd.vegalite.v5+json', 'text/plain'],
      ['application/vnd.vegalite.v5+json', 'image/png', 'image/svg+xml', 'text/plain'],
    ]);
    expect(sent.map((s) => s.update)).toEqual([undefined, true, true]);
    expect(new Set(sent.map((s) => s.id)).size).toBe(1);
  });
});
