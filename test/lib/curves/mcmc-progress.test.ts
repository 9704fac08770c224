import { afterEach, describe, expect, it } from 'vitest';
import { installSink } from '../../../lib/display/display-sink';
import type { MimeBundle } from '../../../lib/display/mime-bundle';
import { mcmcExtrapolate } from '../../../lib/curves/mcmc-extrapolate';

describe('mcmcExtrapolate progress bar', () => {
  const shown: { bundle: MimeBundle; update?: boolean }[] = [];
  afterEach(() => {
    shown.length = 0;
    delete (globalThis as Record<symbol, unknown>)[Symbol.for('feedbacklab.displaySink')];
  });
  const x = Array.from({ length: 12 }, (_, i) => i + 1);
  const y = x.map((v) => 0.9 - 0.5 * v ** -0.7);

  it('in the kernel, draws while the synchronous sampler runs and ends at every step done', () => {
    installSink({ display: (bundle, o) => shown.push({ bundle, update: o.update }), clearOutput() {} });
    mcmcExtrapolate(x, y, [50], { families: ['pow3'], steps: 300, burnIn: 100, onWarning: () => undefined });
    // Drawn during the call, not after it: the sink got the frames before mcmcExtrapolate returned.
    expect(shown.length).toBeGreaterThanOrEqual(2);
    expect(String(shown.at(-1)!.bundle['text/html'])).toContain('400/400 done');
    expect(String(shown.at(-1)!.bundle['text/html'])).toContain('acceptance');
  });

  it('draws nothing with progress: false', () => {
    installSink({ display: (bundle, o) => shown.push({ bundle, update: o.update }), clearOutput() {} });
    mcmcExtrapolate(x, y, [50], { families: ['pow3'], steps: 100, burnIn: 50, progress: false, onWarning: () => undefined });
    expect(shown).toEqual([]);
  });
});
