import { afterEach, describe, expect, it } from 'vitest';
import { capturedDisplays } from '../display/captured-displays';
import { mcmcExtrapolate } from '../../../lib/curves/mcmc-extrapolate';

describe('mcmcExtrapolate progress bar', () => {
  const sink = capturedDisplays();
  const shown = sink.shown;
  afterEach(() => sink.uninstall());
  const x = Array.from({ length: 12 }, (_, i) => i + 1);
  const y = x.map((v) => 0.9 - 0.5 * v ** -0.7);

  it('in the kernel, draws while the synchronous sampler runs and ends at every step done', () => {
    sink.install();
    mcmcExtrapolate(x, y, [50], { families: ['pow3'], steps: 300, burnIn: 100, onWarning: () => undefined });
    // Drawn during the call, not after it: the sink got the frames before mcmcExtrapolate returned.
    expect(shown.length).toBeGreaterThanOrEqual(2);
    expect(String(shown.at(-1)!.bundle['text/html'])).toContain('400/400 done');
    expect(String(shown.at(-1)!.bundle['text/html'])).toContain('acceptance');
  });

  it('draws nothing with progress: false', () => {
    sink.install();
    mcmcExtrapolate(x, y, [50], { families: ['pow3'], steps: 100, burnIn: 50, progress: false, onWarning: () => undefined });
    expect(shown).toEqual([]);
  });
});
